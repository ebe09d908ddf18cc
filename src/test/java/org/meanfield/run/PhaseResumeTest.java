package org.meanfield.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.meanfield.cli.CliRun;
import org.meanfield.config.RunConfig;
import org.meanfield.engine.EngineProvider;
import org.meanfield.folder.Json;
import org.meanfield.folder.MetricsTable;
import org.meanfield.folder.RunFolders;

/** Runs in phases: the rows' phase and time, resume inside a phase and across a boundary, extension, refusals. */
class PhaseResumeTest {
    /**
     * d = 4, n = 300: phase 1 of 17 steps with P = n/100 = 3 and dt = 0.02, phase 2 of 23 steps with
     * P = (n/50)^2 = 36, dt 0.05 and noise. Rows every 5 steps, checkpoints every 4.
     */
    private static final String[] RUN = {"-d", "4", "-n", "300", "--test-size", "64", "--eval-every", "5",
        "--threads", "1", "--checkpoint-every", "4", "--phase", "steps=17,batch=n/100,dt=0.02",
        "--phase", "steps=23,batch=(n/50)^2,temperature=0.0001"};

    @TempDir
    Path dir;

    @Test
    void rowsSayTheirPhaseAndTimeGoesOnAcrossTheBoundary() throws IOException {
        Path folder = dir.resolve("run");
        cliOk(train(folder, RUN));
        List<String> rows = RunFixtures.metricsWithoutWallTime(folder);
        assertEquals("step,phase,t,batch_loss,test_loss,test_loss_se,test_loss_over_cf,test_err_pos,test_err_pos_se,"
                + "test_err_neg,test_err_neg_se", rows.get(0));
        Map<Long, String[]> byStep = new java.util.HashMap<>();
        rows.subList(1, rows.size()).forEach(row -> byStep.put(Long.parseLong(row.split(",")[0]), row.split(",")));
        assertEquals("0", byStep.get(15L)[1]);
        assertEquals("0", byStep.get(17L)[1], "a row at the end of each phase");
        assertEquals("1", byStep.get(20L)[1]);
        assertEquals(17 * 0.02 + 3 * 0.05, Double.parseDouble(byStep.get(20L)[2]), 1e-15);
        assertEquals(17 * 0.02 + 23 * 0.05, Double.parseDouble(byStep.get(40L)[2]), 1e-15);
        JsonNode config = Json.MAPPER.readTree(folder.resolve(RunFolders.CONFIG).toFile());
        assertEquals(40, config.get("steps").asLong());
        assertEquals("[{\"steps\":17,\"batch\":\"n/100\",\"dt\":0.02},{\"batch\":\"(n/50)^2\",\"temperature\":1.0E-4}]",
                config.get("phases").toString());
        assertEquals(36, config.get("schedule").get(1).get("batch").asInt());
        assertEquals(1, RunFixtures.checkpoint(folder).phase());
        int[] phases = MetricsTable.read(folder.resolve(RunFolders.METRICS)).phase();
        assertEquals(0, phases[0]);
        assertEquals(1, phases[phases.length - 1]);
    }

    /** Stopped after {@code stopAt} steps (inside phase 1, at the boundary, inside phase 2), then resumed. */
    @ParameterizedTest
    @ValueSource(longs = {9, 17, 18, 30})
    void aRunStoppedAnywhereAndResumedIsTheUninterruptedRunBitForBit(long stopAt) throws IOException {
        Path reference = dir.resolve("reference");
        cliOk(train(reference, RUN));
        Path folder = Files.createDirectories(dir.resolve("stopped"));
        RunConfig config = Resume.readConfig(reference);
        StopSignal stop = new StopSignal();
        assertThrows(RunStoppedException.class, () -> Training.run(config, folder, EngineProvider.detect(),
                new Training.Listener() {
                    @Override
                    public void stepped(long step, double batchLoss) {
                        if (step == stopAt) {
                            stop.request();
                        }
                    }
                }, new TrainingOptions(false, CheckpointInterval.DEFAULT, stop)));
        assertEquals(stopAt, RunFixtures.checkpoint(folder).step());
        assertEquals(stopAt < 17 ? 0 : 1, RunFixtures.checkpoint(folder).phase(), "the phase of the next step");
        cliOk(resume(folder));
        assertSameFinalState(reference, folder);
    }

    @Test
    void extendingARunLengthensItsLastPhase() throws IOException {
        Path reference = dir.resolve("reference");
        cliOk(train(reference, RUN));
        Path shorter = dir.resolve("shorter");
        String[] options = RUN.clone();
        options[options.length - 1] = "steps=8,batch=(n/50)^2,temperature=0.0001";
        cliOk(train(shorter, options));
        assertEquals(25, RunFixtures.checkpoint(shorter).step());
        cliOk(resume(shorter, "--steps", "40"));
        RunFixtures.assertBitwiseEqual(RunFixtures.checkpoint(reference).particles(),
                RunFixtures.checkpoint(shorter).particles());
        assertEquals(Json.MAPPER.readTree(reference.resolve(RunFolders.CONFIG).toFile()).get("phases"),
                Json.MAPPER.readTree(shorter.resolve(RunFolders.CONFIG).toFile()).get("phases"));
        // --time says where the last phase ends: 0.34 + 23 * 0.05 = 1.49.
        cliOk(resume(shorter, "--time", "1.54"));
        assertEquals(41, RunFixtures.checkpoint(shorter).step());
        // So does the run's own last phase given a longer length.
        cliOk(resume(shorter, "--phase", RUN[RUN.length - 3], "--phase", "steps=26,batch=(n/50)^2,temperature=0.0001"));
        assertEquals(43, RunFixtures.checkpoint(shorter).step());
    }

    /** RUN's phases, its last given its length, then a third of 12 steps at half the batch and a smaller dt. */
    private static final String[] APPENDED = {"--phase", "steps=17,batch=n/100,dt=0.02",
        "--phase", "steps=23,batch=(n/50)^2,temperature=0.0001", "--phase", "steps=12,batch=(n/50)^2/2,dt=0.025"};

    /** Finished (40 steps) or stopped inside its last phase (30), then continued into an appended phase. */
    @ParameterizedTest
    @ValueSource(longs = {30, 40})
    void aRunGoesOnIntoAppendedPhasesAsTheRunThatHadThemFromTheStart(long stopAt) throws IOException {
        Path reference = dir.resolve("reference");
        cliOk(train(reference, RunFixtures.concat(java.util.Arrays.copyOf(RUN, RUN.length - 4), APPENDED)));
        assertEquals(52, RunFixtures.checkpoint(reference).step());
        Path branch = dir.resolve("branch");
        String[] shorter = RUN.clone();
        shorter[shorter.length - 1] = "steps=" + (stopAt - 17) + ",batch=(n/50)^2,temperature=0.0001";
        cliOk(train(branch, shorter));
        assertEquals(stopAt, RunFixtures.checkpoint(branch).step());
        cliOk(resume(branch, APPENDED));
        assertSameFinalState(reference, branch);
        assertEquals(Json.MAPPER.readTree(reference.resolve(RunFolders.CONFIG).toFile()).get("phases"),
                Json.MAPPER.readTree(branch.resolve(RunFolders.CONFIG).toFile()).get("phases"));
        int[] phases = MetricsTable.read(branch.resolve(RunFolders.METRICS)).phase();
        assertEquals(2, phases[phases.length - 1]);
    }

    @Test
    void appendedPhasesThatWouldCutTheRunsLastPhaseAreRefusedAndChangeNothing() throws IOException {
        Path folder = dir.resolve("run");
        cliOk(train(folder, RUN));
        var before = RunFixtures.contents(folder);
        CliRun result = cli(resume(folder, "--phase", APPENDED[1], "--phase", "steps=20,batch=(n/50)^2,temperature=0.0001",
                "--phase", APPENDED[5]));
        assertOneLineError(result, 1); // as every checkpoint that does not fit the run
        assertTrue(result.err().contains("records phase 2 at step 40, but the run's phases put that step in phase 3 "
                + "(phase 2 takes steps 17 to 37)"), result.err());
        RunFixtures.assertUnchanged(before, folder);
        result = cli(resume(folder, "--phase", APPENDED[1], "--phase", "steps=23,batch=(n/50)^2", "--phase", APPENDED[5]));
        assertOneLineError(result, 2);
        assertTrue(result.err().contains("contradicts the run"), "the last phase's values changed: " + result.err());
        RunFixtures.assertUnchanged(before, folder);
    }

    @Test
    void aChangedEarlierPhaseIsRefusedAndChangesNothing() throws IOException {
        Path folder = dir.resolve("run");
        cliOk(train(folder, RUN));
        var before = RunFixtures.contents(folder);
        CliRun result = cli(resume(folder, "--phase", "steps=16,batch=n/100,dt=0.02", "--phase", "batch=(n/50)^2"));
        assertOneLineError(result, 2);
        assertTrue(result.err().contains("--phase steps=16,batch=n/100,dt=0.02;batch=(n/50)^2 contradicts the run"),
                result.err());
        RunFixtures.assertUnchanged(before, folder);
    }

    @Test
    void aBadExpressionIsRefusedInOneLineNamingItsOption() throws IOException {
        CliRun result = cli(train(dir.resolve("bad"), "-n", "300", "--batch", "(n/5"));
        assertOneLineError(result, 2);
        assertTrue(result.err().contains("--batch must be an integer or an expression in n"), result.err());
        assertTrue(result.err().contains("got '(n/5'"), result.err());
        result = cli(train(dir.resolve("bad"), "-n", "300", "--phase", "steps=5,batch=n/", "--phase", "steps=5"));
        assertOneLineError(result, 2);
        assertTrue(result.err().contains("--phase #1: batch must be an integer or an expression in n"), result.err());
        assertTrue(result.err().contains("got 'n/'"), result.err());
        assertTrue(!Files.exists(dir.resolve("bad").resolve(RunFolders.CONFIG)), "nothing written");
    }
}
