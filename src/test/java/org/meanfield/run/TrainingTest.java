package org.meanfield.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.meanfield.config.Params;
import org.meanfield.config.RunConfig;
import org.meanfield.engine.EngineProvider;
import org.meanfield.engine.KernelChoice;
import org.meanfield.folder.Json;
import org.meanfield.folder.MetricsRow;
import org.meanfield.folder.Summary;

/** A whole run into a folder: config.json, metrics.csv, summary.json. */
class TrainingTest {
    private static final EngineProvider PROVIDER = EngineProvider.detect();
    private static final Training.Listener QUIET = new Training.Listener() {
    };

    @TempDir
    Path dir;

    private Path folder(String name) throws IOException {
        return Files.createDirectories(dir.resolve(name));
    }

    /** metrics.csv without its wall_s column. */
    private static List<String> metricsWithoutWallTime(Path folder) throws IOException {
        List<String> lines = Files.readAllLines(folder.resolve("metrics.csv"));
        int wall = List.of(lines.get(0).split(",")).indexOf("wall_s");
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            out.add(RunFixtures.withoutColumn(line, wall));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = KernelChoice.class, names = {"SCALAR", "AUTO"})
    void sameConfigSameMetricsDifferentSeedDifferentMetrics(KernelChoice kernel) throws IOException {
        RunConfig config = Configs.small(kernel);
        Training.run(config, folder("a"), PROVIDER, QUIET);
        Training.run(config, folder("b"), PROVIDER, QUIET);
        Training.run(Configs.withSeed(config, 2), folder("c"), PROVIDER, QUIET);
        List<String> a = metricsWithoutWallTime(dir.resolve("a"));
        assertEquals(a, metricsWithoutWallTime(dir.resolve("b")));
        List<String> c = metricsWithoutWallTime(dir.resolve("c"));
        assertEquals(a.size(), c.size());
        assertEquals(a.get(0), c.get(0), "the header");
        // Row 0 is the untrained network: c = 0 for every seed, the same test set, the same loss.
        assertEquals(a.get(1), c.get(1));
        assertNotEquals(a.get(a.size() - 1), c.get(c.size() - 1));
    }

    @Test
    void writesConfigMetricsAndSummary() throws IOException {
        RunConfig config = Configs.small(KernelChoice.SCALAR); // 40 steps, evaluated every 10
        Path folder = folder("run");
        Summary summary = Training.run(config, folder, PROVIDER, QUIET);

        List<String> lines = Files.readAllLines(folder.resolve("metrics.csv"));
        assertEquals("step,phase,t,batch_loss,test_loss,test_loss_se,test_loss_over_cf,wall_s,test_err_pos,test_err_pos_se,"
                + "test_err_neg,test_err_neg_se", lines.get(0));
        assertEquals(1 + 5, lines.size(), "header and rows at steps 0, 10, 20, 30, 40");
        double cf = summary.cf();
        for (int row = 1; row < lines.size(); row++) {
            String[] fields = lines.get(row).split(",");
            assertEquals(12, fields.length);
            long step = Long.parseLong(fields[0]);
            assertEquals(10L * (row - 1), step);
            assertEquals("0", fields[1], "one phase");
            assertEquals(step * config.dt(), Double.parseDouble(fields[2]), 1e-12);
            assertEquals(row == 1, Double.isNaN(Double.parseDouble(fields[3])), "batch loss is NaN only before step 1");
            double testLoss = Double.parseDouble(fields[4]);
            assertTrue(Double.parseDouble(fields[5]) > 0);
            assertEquals(testLoss / cf, Double.parseDouble(fields[6]), 1e-12 * testLoss / cf);
        }
        String[] last = lines.get(lines.size() - 1).split(",");
        assertEquals(summary.finalTestLoss(), Double.parseDouble(last[4]));
        assertEquals(summary.finalTestLossSe(), Double.parseDouble(last[5]));
        assertEquals(summary.finalTestLossOverCf(), Double.parseDouble(last[6]));
        assertEquals(summary.finalTestErrPos(), Double.parseDouble(last[8]));
        assertEquals(summary.finalTestErrNegSe(), Double.parseDouble(last[11]));
        assertTrue(summary.finalTestErrPos() > 0 && summary.finalTestErrNeg() > 0, "f_n starts at 0: " + summary);

        // summary.json: every field of Summary, in snake_case, and it reads back to the same record.
        JsonNode json = Json.MAPPER.readTree(folder.resolve("summary.json").toFile());
        for (String field : List.of("final_test_loss", "final_test_loss_se", "final_test_loss_over_cf", "cf", "steps", "t",
                "wall_seconds", "steps_per_second", "kernel")) {
            assertTrue(json.has(field), "summary.json lacks " + field);
        }
        assertEquals(summary, Json.read(folder.resolve("summary.json"), Summary.class));
        assertEquals(config.steps(), summary.steps());
        assertEquals(config.time(), summary.t(), 1e-12);
        assertEquals("scalar", summary.kernel());
        assertEquals(new org.meanfield.model.ThreeSpinTarget(config.d(), config.targetSeed()).cf(), cf);

        // config.json: every field of the RunConfig, with the same values, plus what was resolved.
        JsonNode written = Json.MAPPER.readTree(folder.resolve("config.json").toFile());
        JsonNode expected = Json.MAPPER.readTree(Params.RUN.toJson(config).toString());
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            assertEquals(field.getValue(), written.get(field.getKey()), "config.json field " + field.getKey());
        }
        assertEquals("relu", written.get("unit").asText());
        assertEquals("sgd", written.get("dynamics").asText());
        assertEquals(cf, written.get("cf").asDouble());
        assertEquals("scalar", written.get("kernel_used").asText());
        assertEquals(config.n() * config.dt(), written.get("learning_rate").asDouble(), 1e-12);
        // No temporary files of the atomic writes (or the write probe) are left behind.
        try (var files = Files.list(folder)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.containsAll(List.of("config.json", "metrics.csv", "summary.json")), names.toString());
            assertTrue(names.stream().noneMatch(name -> name.endsWith(".tmp")), names.toString());
        }
    }

    @Test
    void listenerHearsEveryStepAndEvaluation() throws IOException {
        RunConfig config = Configs.withLength(Configs.small(KernelChoice.SCALAR), 0.05, 25, 10);
        List<Long> steps = new ArrayList<>();
        List<Long> evaluations = new ArrayList<>();
        Training.run(config, folder("listen"), PROVIDER, new Training.Listener() {
            @Override
            public void stepped(long step, double batchLoss) {
                steps.add(step);
            }

            @Override
            public void evaluated(MetricsRow row) {
                evaluations.add(row.step());
            }
        });
        assertEquals(25, steps.size());
        assertEquals(1L, steps.get(0));
        assertEquals(25L, steps.get(24));
        // Every 10 steps, and always at the end.
        assertEquals(List.of(0L, 10L, 20L, 25L), evaluations);
    }

    @Test
    void divergenceStopsTheRunWithoutASummary() throws IOException {
        // dt = 1e3 with ReLU units: measured batch loss infinite at step 5.
        RunConfig config = Configs.withLength(Configs.small(KernelChoice.SCALAR), 1e3, 500, 50);
        Path folder = folder("diverged");
        DivergenceException e = assertThrows(DivergenceException.class,
                () -> Training.run(config, folder, PROVIDER, QUIET));
        assertTrue(e.getMessage().startsWith("diverged:"), e.getMessage());
        assertTrue(e.getMessage().contains("--dt"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertFalse(Files.exists(folder.resolve("summary.json")));
        // What was measured before the divergence is kept.
        assertEquals(2, Files.readAllLines(folder.resolve("metrics.csv")).size());
    }
}
