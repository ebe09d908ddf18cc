package org.meanfield.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.meanfield.run.RunFixtures.assertSameFinalState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanfield.cli.CliRun;
import org.meanfield.cli.Main;
import org.meanfield.config.Params;
import org.meanfield.config.RunConfig;
import org.meanfield.engine.EngineProvider;
import org.meanfield.folder.ConfigFile;
import org.meanfield.folder.MetricsTable;
import org.meanfield.folder.RunFolders;

/**
 * The kernel flow as a run: `train --dynamics flow`, its energy in batch_loss falling once the noise
 * has stopped, a stop and resume across the noise's end that ends bit for bit as the run never
 * stopped, the fast system against the reference, and its bad input refused in one line.
 */
class FlowTrainingTest {
    private static final EngineProvider PROVIDER = EngineProvider.detect();
    private static final String[] FLOW = flow("400", "0.2");

    /** A small flow run of {@code steps} steps whose noise stops at {@code noiseStop}. */
    private static String[] flow(String steps, String noiseStop) {
        return new String[] {"--dynamics", "flow", "--dim", "5", "--particles", "40", "--alpha", "1", "--dt", "1e-3",
            "--steps", steps, "--temperature", "1e-4", "--noise-stop", noiseStop, "--eval-every", "20",
            "--test-size", "256", "--threads", "1"};
    }

    @TempDir
    Path dir;

    /** The config of these command-line options (long names only). */
    private static RunConfig config(String... options) {
        var given = Params.RUN.given();
        for (int k = 0; k < options.length; k += 2) {
            String option = options[k];
            String key = Params.RUN.keyOptions().entrySet().stream().filter(e -> e.getValue().equals(option))
                    .findFirst().orElseThrow().getKey();
            given.setText(key, options[k + 1]);
        }
        return given.resolve();
    }

    @Test
    void aFlowRunDescendsItsEnergyOnceTheNoiseStops() throws IOException {
        Path run = dir.resolve("flow");
        RunFixtures.cliOk(RunFixtures.train(run, FLOW));
        RunConfig stored = ConfigFile.read(run, "run");
        assertEquals("gaussian", stored.unit().toString(), "flow defaults to gaussian units");
        assertEquals(0.2, stored.get(Params.NOISE_STOP));
        MetricsTable table = MetricsTable.read(run.resolve(RunFolders.METRICS));
        double[] energy = table.batchLoss();
        for (int k = 12; k < energy.length; k++) { // rows from t = 0.24: windows wholly after the noise
            assertTrue(energy[k] < energy[k - 1], "the energy falls at row " + k + ": " + energy[k - 1] + " -> " + energy[k]);
        }
        assertTrue(energy[energy.length - 1] < 0, "E_H - ||f||^2/2 starts at 0 (c = 0) and falls");
        assertEquals(0, LossRises.flowEnergy(run.resolve(RunFolders.METRICS), 0.2).count());
        assertTrue(Files.exists(run.resolve(RunFolders.SUMMARY)));
    }

    @Test
    void stoppedDuringTheNoiseAndResumedItEndsAsTheRunNeverStopped() throws IOException {
        RunConfig config = config(FLOW);
        Path reference = Files.createDirectories(dir.resolve("reference"));
        Training.run(config, reference, PROVIDER, new Training.Listener() { });
        Path stopped = Files.createDirectories(dir.resolve("stopped"));
        StopSignal stop = new StopSignal();
        TrainingOptions options = new TrainingOptions(false, new CheckpointInterval(50, 0), stop);
        assertThrows(RunStoppedException.class, () -> Training.run(config, stopped, PROVIDER, new Training.Listener() {
            @Override
            public void stepped(long step, double batchLoss) {
                if (step == 133) {
                    stop.request(); // before the noise stops at step 200
                }
            }
        }, options));
        assertEquals(133, RunFixtures.checkpoint(stopped).step());
        Training.resume(Resume.load(stopped, config.withThreads(2)), PROVIDER, new Training.Listener() { },
                TrainingOptions.defaults());
        assertSameFinalState(reference, stopped);
    }

    @Test
    void theFastFlowFollowsTheReference() throws IOException {
        Path fast = dir.resolve("fast");
        Path reference = dir.resolve("reference");
        String[] shorter = flow("100", "0.05");
        RunFixtures.cliOk(RunFixtures.train(fast, RunFixtures.concat(shorter, "--kernel", "vector")));
        RunFixtures.cliOk(RunFixtures.train(reference, RunFixtures.concat(shorter, "--kernel", "scalar")));
        assertEquals("flow-vector", RunFixtures.checkpoint(fast).run().engine());
        assertEquals("flow-reference", RunFixtures.checkpoint(reference).run().engine());
        double[] a = MetricsTable.read(fast.resolve(RunFolders.METRICS)).batchLoss();
        double[] b = MetricsTable.read(reference.resolve(RunFolders.METRICS)).batchLoss();
        for (int k = 1; k < a.length; k++) {
            assertEquals(b[k], a[k], 1e-9 * Math.abs(b[k]) + 1e-12, "energy at row " + k);
        }
    }

    @Test
    void badFlowInputIsOneLineWithExitTwo() {
        for (List<String> bad : List.of(
                List.of("train", "--dynamics", "flow", "--unit", "relu"),
                List.of("train", "--dynamics", "flow", "--temperature", "-1"),
                List.of("train", "--dynamics", "flow", "--steps", "100", "--dt", "1e-3", "--noise-stop", "0.5"))) {
            CliRun result = CliRun.run(bad.toArray(String[]::new));
            assertEquals(Main.USAGE, result.exit(), result.err());
            List<String> lines = result.errLines();
            assertEquals(1, lines.size(), result.err());
            assertFalse(lines.get(0).contains("Exception"), lines.get(0));
        }
        CliRun beyond = CliRun.run("train", "--dynamics", "flow", "--steps", "100", "--dt", "1e-3", "--noise-stop", "0.5");
        assertTrue(beyond.err().contains("--noise-stop must be at most the run's time 0.1"), beyond.err());
    }
}
