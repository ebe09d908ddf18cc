package org.meanfield.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.meanfield.run.RunFixtures.assertOneLineError;
import static org.meanfield.run.RunFixtures.assertSameFinalState;
import static org.meanfield.run.RunFixtures.cli;
import static org.meanfield.run.RunFixtures.cliOk;
import static org.meanfield.run.RunFixtures.resume;
import static org.meanfield.run.RunFixtures.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanfield.cli.CliRun;
import org.meanfield.cli.Main;
import org.meanfield.dynamics.DynamicsKind;
import org.meanfield.engine.KernelChoice;
import org.meanfield.engine.ScalarEngine;
import org.meanfield.engine.TargetEvaluator;
import org.meanfield.folder.Checkpoint;
import org.meanfield.folder.Json;
import org.meanfield.folder.RunFolders;
import org.meanfield.model.GaussianUnit;
import org.meanfield.model.ThreeSpinTarget;
import org.meanfield.model.UnitKind;
import org.meanfield.observe.LossEstimate;
import org.meanfield.observe.TestSetLoss;

/** {@code train --dynamics exact}: the exact n-body system run, logged, checkpointed and resumed like any run. */
class ExactTrainingTest {
    /** d = 3, n = 70 (two blocks of the vector system, not a multiple of the lanes), alpha 1. */
    private static final String[] RUN = {"--dynamics", "exact", "-d", "3", "-n", "70", "--alpha", "1", "--dt", "0.2",
        "--sigma-c", "1", "--eval-every", "5", "--threads", "1", "--checkpoint-every", "7"};

    @TempDir
    Path dir;

    private static String[] run(String... more) {
        return RunFixtures.concat(RUN, more);
    }

    @Test
    void exactRunLogsTheExactLossWhichTheTestSetConfirms() throws IOException {
        Path folder = dir.resolve("run");
        cliOk(train(folder, run("--steps", "40")));
        List<String> rows = Files.readAllLines(folder.resolve(RunFolders.METRICS));
        assertEquals(1 + 9, rows.size(), "rows at steps 0, 5, ..., 40");
        double previous = Double.POSITIVE_INFINITY;
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            double loss = Double.parseDouble(f[4]);
            assertEquals(0.0, Double.parseDouble(f[5]), "an exact loss has no standard error");
            assertTrue(loss < previous, "gradient descent on the exact loss with a small step lowers it: " + row);
            previous = loss;
        }
        JsonNode summary = Json.MAPPER.readTree(folder.resolve(RunFolders.SUMMARY).toFile());
        assertTrue(summary.get("kernel").asText().startsWith("exact-"), summary.toString());
        assertEquals(previous, summary.get("final_test_loss").asDouble());
        JsonNode config = Json.MAPPER.readTree(folder.resolve(RunFolders.CONFIG).toFile());
        assertEquals("gaussian", config.get("unit").asText(), "exact dynamics defaults to gaussian units");

        // The same particles on a large held-out set, through the double-precision sampled engine.
        Checkpoint end = RunFixtures.checkpoint(folder);
        ThreeSpinTarget target = new ThreeSpinTarget(3, 1);
        try (ScalarEngine engine = new ScalarEngine(new GaussianUnit(1), 3, end.particles(), 1)) {
            LossEstimate sampled = new TestSetLoss(target, TargetEvaluator.scalar(target), 200_000, 99).estimate(engine);
            assertEquals(previous, sampled.loss(), 4 * sampled.standardError(),
                    "exact " + previous + " against the test set " + sampled);
        }
    }

    @Test
    void anUnstableStepIsReportedAndAStableOneIsNot() {
        CliRun stable = cliOk(train(dir.resolve("stable"), run("--steps", "40")));
        assertFalse(stable.err().contains("warning"), stable.err());
        // dt = 10 overshoots: the exact loss rises (measured: at 5 of the 8 evaluations after step 0).
        String[] overshooting = run("--steps", "40");
        overshooting[List.of(overshooting).indexOf("--dt") + 1] = "10";
        CliRun unstable = cliOk(train(dir.resolve("unstable"), overshooting));
        assertTrue(unstable.err().contains("meanfield: warning: the exact loss rose at "), unstable.err());
        assertTrue(unstable.err().contains("lower --dt"), unstable.err());
    }

    @Test
    void aStoppedExactRunResumesToTheSameBitsOnAnotherThreadCount() throws IOException {
        Path reference = dir.resolve("reference");
        cliOk(train(reference, run("--steps", "30")));
        Path resumed = dir.resolve("resumed");
        cliOk(train(resumed, run("--steps", "15")));
        cliOk(resume(resumed, "--steps", "30", "--threads", "2"));
        assertSameFinalState(reference, resumed);
    }

    @Test
    void exactDynamicsWithAnotherUnitIsRefusedBeforeAnythingIsWritten() {
        Path folder = dir.resolve("relu");
        CliRun result = cli(train(folder, run("--unit", "relu", "--steps", "3")));
        assertOneLineError(result, Main.USAGE);
        assertTrue(result.err().contains("--unit must be gaussian with --dynamics exact"), result.err());
        assertFalse(Files.exists(folder));
    }

    @Test
    void vectorAndReferenceSystemsFollowTheSameTrajectory() throws IOException {
        Path vector = dir.resolve("vector");
        Path reference = dir.resolve("reference");
        cliOk(train(vector, run("--steps", "10", "--kernel", "vector")));
        cliOk(train(reference, run("--steps", "10", "--kernel", "scalar")));
        List<String> a = RunFixtures.metricsWithoutWallTime(vector);
        List<String> b = RunFixtures.metricsWithoutWallTime(reference);
        for (int row = 1; row < a.size(); row++) {
            double la = Double.parseDouble(a.get(row).split(",")[4]);
            double lb = Double.parseDouble(b.get(row).split(",")[4]);
            assertEquals(lb, la, 1e-9 * lb, "row " + row);
        }
        assertEquals("exact-vector", RunFixtures.checkpoint(vector).run().engine());
        assertEquals("exact-reference", RunFixtures.checkpoint(reference).run().engine());
    }

    @Test
    void benchReportsPairsFlopsAndTheFloat64Peak() throws InterruptedException {
        BenchmarkResult result = new Benchmark(UnitKind.GAUSSIAN, DynamicsKind.EXACT, 5, 100, 1, 1, KernelChoice.VECTOR,
                0.05, 0.2).run();
        assertEquals("exact", result.dynamics());
        assertEquals("float64", result.precision());
        assertEquals(3 * 5 + 40, result.flopsPerPair());
        assertEquals(100.0 * 100 / (result.stepMsMean() * 1e-3), result.pairsPerS(), 1e-6 * result.pairsPerS());
        assertTrue(result.table().contains("n^2 ordered particle pairs"), result.table());
        assertTrue(result.phases().containsKey("pairs"), result.phases().toString());
    }
}
