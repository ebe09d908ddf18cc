package org.meanfield.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.meanfield.run.RunFixtures.assertOneLineError;
import static org.meanfield.run.RunFixtures.assertSameFinalState;
import static org.meanfield.run.RunFixtures.cli;
import static org.meanfield.run.RunFixtures.cliOk;
import static org.meanfield.run.RunFixtures.resume;
import static org.meanfield.run.RunFixtures.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanfield.cli.CliRun;
import org.meanfield.cli.Main;
import org.meanfield.config.RunConfig;
import org.meanfield.engine.EngineProvider;
import org.meanfield.folder.Checkpoint;
import org.meanfield.folder.Json;
import org.meanfield.folder.RunFolders;
import org.meanfield.folder.Summary;

/** {@code train --resume}: what it continues, what it may change, and what it refuses. */
class ResumeTest {
    /** A small run: d = 4, n = 300 (two chunks), 40 steps evaluated every 10. */
    private static final String[] RUN = {"-d", "4", "-n", "300", "-P", "16", "--test-size", "64", "--eval-every",
        "10", "--threads", "1", "--checkpoint-every", "4"};

    @TempDir
    Path dir;

    private static String[] run(String... more) {
        return RunFixtures.concat(RUN, more);
    }

    @Test
    void aCompleteRunExtendedWithStepsEndsWithTheParticlesOfTheLongerRun() throws IOException {
        Path reference = dir.resolve("reference");
        cliOk(train(reference, run("--steps", "45")));
        Path extended = dir.resolve("extended");
        cliOk(train(extended, run("--steps", "25")));
        CliRun result = cliOk(resume(extended, "--steps", "45", "--threads", "2"));
        assertTrue(result.out().contains("after 45 steps"), result.out());

        Checkpoint a = RunFixtures.checkpoint(reference);
        Checkpoint b = RunFixtures.checkpoint(extended);
        assertEquals(45, b.step());
        RunFixtures.assertBitwiseEqual(a.particles(), b.particles());
        // The extended run keeps the row at its old end, step 25; the row at 30 then averages the
        // batch losses of steps 26..30 only (column 3). Every other row is the same.
        List<String> expected = RunFixtures.metricsWithoutWallTime(reference);
        List<String> actual = RunFixtures.metricsWithoutWallTime(extended);
        assertEquals(expected.size() + 1, actual.size());
        assertTrue(actual.get(4).startsWith("25,"), actual.get(4));
        for (int row = 0; row < expected.size(); row++) {
            String got = actual.get(row < 4 ? row : row + 1);
            if (got.startsWith("30,")) {
                assertEquals(dropColumn(expected.get(row), 3), dropColumn(got, 3));
            } else {
                assertEquals(expected.get(row), got);
            }
        }
        JsonNode config = Json.MAPPER.readTree(extended.resolve(RunFolders.CONFIG).toFile());
        assertEquals(45, config.get("steps").asLong(), "config.json says how far the run now goes");
        assertEquals(2, config.get("threads").asInt());
    }

    private static String dropColumn(String line, int column) {
        List<String> fields = new ArrayList<>(List.of(line.split(",", -1)));
        fields.remove(column);
        return String.join(",", fields);
    }

    @Test
    void extendingByTimeUsesTheRunsDt() throws IOException {
        Path folder = dir.resolve("run");
        cliOk(train(folder, run("--steps", "20", "--dt", "0.02")));
        cliOk(resume(folder, "--time", "0.8"));
        assertEquals(40, RunFixtures.checkpoint(folder).step(), "0.8 / 0.02 steps");
    }

    @Test
    void resumingACompleteRunChangesNothingButTheWallTimes() throws IOException {
        Path folder = dir.resolve("run");
        cliOk(train(folder, run("--steps", "20")));
        List<String> metrics = RunFixtures.metricsWithoutWallTime(folder);
        Summary before = Json.read(folder.resolve(RunFolders.SUMMARY), Summary.class);
        CliRun result = cliOk(resume(folder));
        assertTrue(result.out().contains("after 20 steps"), result.out());
        assertEquals(metrics, RunFixtures.metricsWithoutWallTime(folder));
        Summary after = Json.read(folder.resolve(RunFolders.SUMMARY), Summary.class);
        assertEquals(before.finalTestLoss(), after.finalTestLoss());
        assertEquals(before.finalTestLossSe(), after.finalTestLossSe());
        assertEquals(before.steps(), after.steps());
    }

    @Test
    void aTornLineAndRowsAfterTheCheckpointAreCutBack() throws IOException {
        Path reference = dir.resolve("reference");
        cliOk(train(reference, run("--steps", "40")));
        // A run stopped at step 23 (checkpoint there, rows up to step 20), then rows and half a row
        // appended as a crash after the checkpoint would leave them.
        Path folder = Files.createDirectories(dir.resolve("crashed"));
        RunConfig config = Resume.readConfig(reference).withSteps(40);
        StopSignal stop = new StopSignal();
        assertThrows(RunStoppedException.class, () -> Training.run(config, folder, EngineProvider.detect(),
                new Training.Listener() {
                    @Override
                    public void stepped(long step, double batchLoss) {
                        if (step == 23) {
                            stop.request();
                        }
                    }
                }, new TrainingOptions(false, CheckpointInterval.DEFAULT, stop)));
        Files.writeString(folder.resolve(RunFolders.METRICS), "30,1.5000000000000000,0.5,0.4,0.01,0.2,1.0\n31,1.55,0.",
                StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
        cliOk(resume(folder));
        assertSameFinalState(reference, folder);
    }

    @Test
    void aRunStoppedBeforeItsFirstCheckpointStartsAgain() throws IOException {
        Path reference = dir.resolve("reference");
        cliOk(train(reference, run("--steps", "20")));
        // What a kill leaves between config.json and the first checkpoint: config.json only.
        Path folder = Files.createDirectories(dir.resolve("early"));
        Files.copy(reference.resolve(RunFolders.CONFIG), folder.resolve(RunFolders.CONFIG));
        cliOk(resume(folder));
        assertSameFinalState(reference, folder);
    }

    static Stream<List<String>> contradictions() {
        return Stream.of(List.of("--dim", "5"), List.of("-d", "3"), List.of("--particles", "301"),
                List.of("--unit", "sigmoid"), List.of("--alpha", "0.5"), List.of("--dynamics", "gd"),
                List.of("-P", "17"), List.of("-M", "100"), List.of("--dt", "0.1"), List.of("--temperature", "0.1"),
                List.of("--seed", "2"), List.of("--target-seed", "2"), List.of("--sigma-c", "1"),
                List.of("--eval-every", "5"), List.of("--test-size", "65"), List.of("--kernel", "scalar"),
                List.of("--steps", "10"), List.of("--time", "0.1"), List.of("--out", "elsewhere"),
                List.of("--threads", "0"), List.of("--checkpoint-every", "0"), List.of("--steps", "-5"));
    }

    @ParameterizedTest
    @MethodSource("contradictions")
    void optionsThatContradictTheRunAreRefusedAndChangeNothing(List<String> options) throws IOException {
        Path folder = dir.resolve("run");
        cliOk(train(folder, run("--steps", "20")));
        Map<String, byte[]> before = RunFixtures.contents(folder);
        CliRun result = cli(resume(folder, options.toArray(String[]::new)));
        assertOneLineError(result, Main.USAGE);
        String option = options.get(0).equals("-d") ? "--dim" : options.get(0).equals("-P") ? "--batch"
                : options.get(0).equals("-M") ? "--sample" : options.get(0);
        if (option.equals("--time")) {
            option = "--steps"; // 0.1 / 0.05 = 2 steps: the step count is what contradicts the checkpoint
        }
        assertTrue(result.err().contains(option), "names " + option + ": " + result.err());
        RunFixtures.assertUnchanged(before, folder);
    }

    @Test
    void optionsGivenWithTheRunsOwnValuesAreAccepted() throws IOException {
        Path folder = dir.resolve("run");
        cliOk(train(folder, run("--steps", "20")));
        cliOk(resume(folder, "-d", "4", "--particles", "300", "--unit", "RELU", "--dt", "0.050", "--kernel", "auto",
                "--threads", "2", "--steps", "24", "--checkpoint-every", "1s"));
        assertEquals(24, RunFixtures.checkpoint(folder).step());
    }

    static Stream<String> notRunFolders() {
        return Stream.of("missing", "file", "empty", "garbled config", "invalid config");
    }

    @ParameterizedTest
    @MethodSource("notRunFolders")
    void aFolderThatHoldsNoRunIsRefused(String kind) throws IOException {
        Path folder = dir.resolve("x");
        switch (kind) {
            case "file" -> Files.writeString(folder, "x");
            case "empty" -> Files.createDirectories(folder);
            case "garbled config" -> Files.writeString(Files.createDirectories(folder).resolve(RunFolders.CONFIG),
                    "{\"d\": 4,");
            case "invalid config" -> Files.writeString(Files.createDirectories(folder).resolve(RunFolders.CONFIG),
                    "{\"d\": 0, \"n\": 4, \"unit\": \"relu\"}");
            default -> {
            }
        }
        CliRun result = cli(resume(folder));
        assertOneLineError(result, Main.USAGE);
        assertTrue(result.err().contains("--resume " + folder), result.err());
        if (kind.equals("empty")) {
            try (Stream<Path> files = Files.list(folder)) {
                assertEquals(0, files.count(), "nothing written");
            }
        }
        assertFalse(result.err().contains("Exception"), result.err());
    }
}
