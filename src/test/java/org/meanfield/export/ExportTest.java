package org.meanfield.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.meanfield.cli.CliRun;
import org.meanfield.engine.ScalarEngine;
import org.meanfield.folder.Checkpoint;
import org.meanfield.folder.CheckpointFormat;
import org.meanfield.folder.Json;
import org.meanfield.folder.RunFolders;
import org.meanfield.model.Particles;
import org.meanfield.model.Points;
import org.meanfield.model.ThreeSpinTarget;
import org.meanfield.model.Unit;
import org.meanfield.model.UnitKind;

/**
 * An export gives back, from its arrays and the formulas of its layout.json alone, the network and
 * the target of the run: checked here in Java, against the checkpoint, the engine and the target.
 */
class ExportTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(UnitKind.class)
    void arraysHoldTheCheckpointAndTheLayoutsFormulasGiveBackFnAndF(UnitKind unit) throws IOException {
        Path run = ExportFixtures.train(dir.resolve("run"), "--unit", unit.label(), "--kernel", "scalar");
        CliRun result = ExportFixtures.cliOk("export", run.toString(), "--test-points");
        assertTrue(result.out().contains("at step 20, t = 1.00000: the run's final state"), result.out());
        Path out = run.resolve(Exporter.DEFAULT_FOLDER);
        Checkpoint checkpoint = CheckpointFormat.read(run.resolve(RunFolders.CHECKPOINT));
        Particles particles = checkpoint.particles();
        JsonNode layout = Json.MAPPER.readTree(out.resolve(Exporter.LAYOUT).toFile());
        int n = 8;
        int d = 3;

        List<String> arrays = new ArrayList<>(List.of("c.npy"));
        arrays.addAll(unit == UnitKind.GAUSSIAN ? List.of("centres.npy") : List.of("a.npy", "b.npy"));
        arrays.addAll(List.of("target_T.npy", "target_a.npy", "x_test.npy", "f_test.npy", "fn_test.npy"));
        Set<String> expectedFiles = new HashSet<>(arrays);
        expectedFiles.add(Exporter.LAYOUT);
        assertEquals(expectedFiles, files(out));
        Set<String> described = new HashSet<>();
        layout.get("files").fieldNames().forEachRemaining(described::add);
        assertEquals(expectedFiles, described);
        for (String name : arrays) {
            long[] shape = NpyReader.read(out.resolve(name)).shape();
            long[] declared = new long[layout.at("/files/" + name + "/shape").size()];
            for (int k = 0; k < declared.length; k++) {
                declared[k] = layout.at("/files/" + name + "/shape/" + k).asLong();
            }
            assertArrayEquals(declared, shape, name);
            assertEquals("<f8", layout.at("/files/" + name + "/dtype").asText());
        }

        // The particles, bit for bit, row i = particle i.
        NpyArray c = NpyReader.read(out.resolve("c.npy"));
        assertArrayEquals(new long[] {n}, c.shape());
        assertArrayEquals(particles.c(), c.data());
        NpyArray rows = NpyReader.read(out.resolve(unit == UnitKind.GAUSSIAN ? "centres.npy" : "a.npy"));
        assertArrayEquals(new long[] {n, d}, rows.shape());
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                assertEquals(particles.z()[k * n + i], rows.get(i, k), "z_" + i + "[" + k + "]");
            }
        }
        NpyArray b = unit == UnitKind.GAUSSIAN ? null : NpyReader.read(out.resolve("b.npy"));
        if (b != null) {
            assertArrayEquals(new long[] {n}, b.shape());
            for (int i = 0; i < n; i++) {
                assertEquals(particles.z()[d * n + i], b.get(i), "b_" + i);
            }
        }

        // The layout's numbers.
        ThreeSpinTarget target = new ThreeSpinTarget(d, 1);
        assertEquals(unit.label(), layout.get("unit").asText());
        assertEquals(d, layout.get("d").asInt());
        assertEquals(n, layout.get("n").asInt());
        assertEquals(20, layout.get("step").asLong());
        assertEquals(checkpoint.t(), layout.get("t").asDouble());
        assertTrue(layout.get("complete").asBoolean());
        assertEquals(target.cf(), layout.get("C_f").asDouble());
        assertEquals(unit == UnitKind.GAUSSIAN, layout.has("alpha"));
        double alpha = unit == UnitKind.GAUSSIAN ? layout.get("alpha").asDouble() : Double.NaN;
        if (unit == UnitKind.GAUSSIAN) {
            assertEquals(1.0 / d, alpha);
            assertTrue(layout.at("/network/phi").asText().contains("alpha/2"));
        }

        // The test points are the run's test set: the loss at them is the one the run reported.
        NpyArray x = NpyReader.read(out.resolve("x_test.npy"));
        NpyArray fTest = NpyReader.read(out.resolve("f_test.npy"));
        NpyArray fnTest = NpyReader.read(out.resolve("fn_test.npy"));
        assertArrayEquals(new long[] {64, d}, x.shape());
        JsonNode summary = Json.MAPPER.readTree(run.resolve(RunFolders.SUMMARY).toFile());
        assertEquals(summary.get("final_test_loss").asDouble(), layout.get("test_loss").asDouble(),
                "a scalar run's final test loss, bit for bit");
        Points points = new Points(64, d);
        System.arraycopy(x.data(), 0, points.coords(), 0, x.data().length);
        double[] engine = new double[64];
        try (ScalarEngine scalar = new ScalarEngine(Unit.of(unit, 1.0 / d), d, particles, 1)) {
            scalar.predict(points, engine);
        }
        assertArrayEquals(engine, fnTest.data(), "fn_test is the scalar engine's prediction");

        // f_n and f from the arrays and the layout's formulas alone.
        NpyArray tensor = NpyReader.read(out.resolve("target_T.npy"));
        NpyArray raw = NpyReader.read(out.resolve("target_a.npy"));
        for (int p = 0; p < 64; p++) {
            double[] xp = {x.get(p, 0), x.get(p, 1), x.get(p, 2)};
            assertEquals(3, xp[0] * xp[0] + xp[1] * xp[1] + xp[2] * xp[2], 1e-12, "on the sphere of radius sqrt(d)");
            double fn = 0;
            for (int i = 0; i < n; i++) {
                fn += c.get(i) * phi(unit, rows, b, alpha, i, xp);
            }
            fn /= n;
            assertEquals(engine[p], fn, 1e-13 * (1 + Math.abs(fn)), "f_n at test point " + p);

            double f = 0;
            double fRaw = 0;
            for (int q = 0; q < d; q++) {
                for (int r = 0; r < d; r++) {
                    for (int s = 0; s < d; s++) {
                        f += tensor.get(q, r, s) * xp[q] * xp[r] * xp[s];
                        fRaw += raw.get(q, r, s) * xp[q] * xp[r] * xp[s] / d;
                    }
                }
            }
            double expected = target.evaluate(xp, 0);
            assertEquals(expected, fTest.get(p), "f_test is ThreeSpinTarget's value");
            assertEquals(expected, f, 1e-12 * (1 + Math.abs(expected)), "f from T at test point " + p);
            assertEquals(expected, fRaw, 1e-12 * (1 + Math.abs(expected)), "f from a at test point " + p);
        }
        assertSymmetric(tensor, d);
        assertNoStaging(run);
    }

    /** phi(x; z_i) as layout.json writes it. */
    private static double phi(UnitKind unit, NpyArray rows, NpyArray b, double alpha, int i, double[] x) {
        double dot = 0;
        double dist2 = 0;
        for (int k = 0; k < x.length; k++) {
            dot += rows.get(i, k) * x[k];
            dist2 += (x[k] - rows.get(i, k)) * (x[k] - rows.get(i, k));
        }
        return switch (unit) {
            case RELU -> Math.max(0, dot + b.get(i));
            case SIGMOID -> 1 / (1 + Math.exp(-(dot + b.get(i))));
            case GAUSSIAN -> Math.exp(-alpha / 2 * dist2);
        };
    }

    private static void assertSymmetric(NpyArray tensor, int d) {
        for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
                for (int r = 0; r < d; r++) {
                    double t = tensor.get(p, q, r);
                    for (double other : new double[] {tensor.get(p, r, q), tensor.get(q, p, r), tensor.get(q, r, p),
                        tensor.get(r, p, q), tensor.get(r, q, p)}) {
                        assertEquals(t, other, 1e-15 * (1 + Math.abs(t)));
                    }
                }
            }
        }
    }

    @Test
    void aStoppedRunExportsItsLastCheckpointAndSaysWhere() throws IOException {
        Path run = ExportFixtures.train(dir.resolve("run"));
        // As a run stopped at step 20 of 40 leaves its folder: no summary, config.json planning more.
        ObjectNode config = (ObjectNode) Json.MAPPER.readTree(run.resolve(RunFolders.CONFIG).toFile());
        config.put("steps", 40);
        Files.writeString(run.resolve(RunFolders.CONFIG), Json.MAPPER.writeValueAsString(config));
        Files.delete(run.resolve(RunFolders.SUMMARY));
        Map<String, String> before = ExportFixtures.snapshot(run);

        Path out = dir.resolve("exports/stopped");
        CliRun result = ExportFixtures.cliOk("export", run.toString(), "--out", out.toString());
        assertTrue(result.out().contains("at step 20, t = 1.00000: the last checkpoint of a run stopped at step 20 of 40"),
                result.out());
        assertEquals(before, ExportFixtures.snapshot(run), "the run folder is only read");
        assertEquals(Set.of("c.npy", "a.npy", "b.npy", "target_T.npy", "target_a.npy", Exporter.LAYOUT), files(out));
        JsonNode layout = Json.MAPPER.readTree(out.resolve(Exporter.LAYOUT).toFile());
        assertFalse(layout.get("complete").asBoolean());
        assertEquals(20, layout.get("step").asLong());
        assertEquals(40, layout.get("run_steps").asLong());
        assertFalse(layout.has("test_loss"));
        assertTrue(layout.get("state").asText().contains("stopped at step 20 of 40"));
        assertEquals(CheckpointFormat.read(run.resolve(RunFolders.CHECKPOINT)).run().engine(),
                layout.get("engine").asText());
        assertNoStaging(out.getParent());
    }

    @Test
    void anEmptyOutFolderIsFilledAndAVectorRunScoresAsItsSummarySays() throws IOException {
        Path run = ExportFixtures.train(dir.resolve("run"));
        Path out = Files.createDirectory(dir.resolve("empty"));
        Object folder = Files.readAttributes(out, BasicFileAttributes.class).fileKey();
        ExportFixtures.cliOk("export", run.toString(), "-o", out.toString(), "--test-points");
        assertEquals(folder, Files.readAttributes(out, BasicFileAttributes.class).fileKey(), "the same folder, filled");
        assertEquals(9, files(out).size());
        JsonNode layout = Json.MAPPER.readTree(out.resolve(Exporter.LAYOUT).toFile());
        JsonNode summary = Json.MAPPER.readTree(run.resolve(RunFolders.SUMMARY).toFile());
        // A vector run evaluated in float32; the export evaluates its particles in double.
        double expected = summary.get("final_test_loss").asDouble();
        assertEquals(expected, layout.get("test_loss").asDouble(), 1e-5 * expected);
        assertEquals(summary.get("kernel").asText(), layout.get("engine").asText());
        assertEquals(!"vector".equals(summary.get("kernel").asText()),
                layout.get("particle_precision").asText().equals("float64"));
        assertNoStaging(dir);
    }

    private static Set<String> files(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return new HashSet<>(entries.map(path -> path.getFileName().toString()).toList());
        }
    }

    /** No hidden staging folder or temporary file was left in {@code folder}. */
    private static void assertNoStaging(Path folder) throws IOException {
        try (Stream<Path> entries = Files.walk(folder)) {
            List<Path> left = entries.filter(path -> path.getFileName().toString().contains(".tmp")).toList();
            assertEquals(List.of(), left);
        }
    }
}
