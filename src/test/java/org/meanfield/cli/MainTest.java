package org.meanfield.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.meanfield.cli.CliRun.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanfield.folder.Json;
import org.meanfield.folder.MetricsRow;

/** The command line: errors are one line and an exit code, a good run writes its folder. */
class MainTest {
    @TempDir
    Path dir;



    private static String[] args(Path out, String... rest) {
        List<String> all = new ArrayList<>(List.of("train", "--out", out.toString()));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    private static void assertOneLineError(CliRun result) {
        assertNotEquals(0, result.exit(), result.toString());
        assertEquals(1, result.errLines().size(), "err: " + result.err());
        assertTrue(result.errLines().get(0).startsWith("meanfield: "), result.err());
        assertFalse(result.err().contains("at org."), result.err());
        assertFalse(result.err().contains("Exception in"), result.err());
        assertFalse(result.err().contains("\tat "), result.err());
    }

    static Stream<List<String>> badOptions() {
        return Stream.of(
                List.of("-n", "-5"),
                List.of("-d", "0"),
                List.of("--unit", "foo"),
                List.of("--dt"),
                List.of("--dt", "0"),
                List.of("--dt", "fast"),
                List.of("--steps", "10", "--time", "5"),
                List.of("--time", "-1"),
                List.of("--test-size", "1"),
                List.of("--kernel", "gpu"),
                List.of("--no-such-option"));
    }

    @ParameterizedTest
    @MethodSource("badOptions")
    void badInputIsOneLineOnErrAndWritesNothing(List<String> bad) throws IOException {
        Path out = dir.resolve("run");
        // The bad options last, so that "--dt" really misses its value.
        CliRun result = run(args(out, concat(List.of("-q"), bad)));
        assertOneLineError(result);
        assertEquals(Main.USAGE, result.exit(), result.toString());
        assertEquals("", result.out());
        assertFalse(Files.exists(out), "nothing is written for a bad command line");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing at all is written");
        }
    }

    private static String[] concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all.toArray(String[]::new);
    }

    @Test
    void unwritableOutputFolderUnderARegularFile() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "not a folder");
        CliRun result = run(args(file.resolve("run"), "-d", "3", "-n", "16", "--steps", "5", "-q"));
        assertOneLineError(result);
        assertTrue(result.err().contains("--out"), result.err());
        assertEquals("not a folder", Files.readString(file));
    }

    @Test
    void unwritableOutputFolderUnderProc() {
        Path proc = Path.of("/proc");
        assumeTrue(Files.isDirectory(proc), "needs Linux /proc");
        Path out = proc.resolve("meanfield-test-run");
        CliRun result = run(args(out, "-d", "3", "-n", "16", "--steps", "5", "-q"));
        assertOneLineError(result);
        assertFalse(Files.exists(out));
    }

    @Test
    void goodTinyRunWritesTheRunFolder() throws IOException {
        Path out = dir.resolve("tiny");
        CliRun result = run("train", "-d", "3", "-n", "16", "--steps", "50", "--test-size", "64", "-q", "--out",
                out.toString());
        assertEquals(0, result.exit(), result.toString());
        assertEquals("", result.err(), "--quiet prints nothing on err");
        assertTrue(result.out().contains("final test loss"), result.out());

        JsonNode config = Json.MAPPER.readTree(out.resolve("config.json").toFile());
        assertEquals(3, config.get("d").asInt());
        assertEquals(16, config.get("n").asInt());
        assertEquals(50, config.get("steps").asLong());
        assertEquals(64, config.get("test_size").asInt());
        assertEquals(1.0 / 3, config.get("alpha").asDouble(), 1e-15, "the default gaussian width is 1/d");

        List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals("step,phase,t,batch_loss,test_loss,test_loss_se,test_loss_over_cf,wall_s,test_err_pos,test_err_pos_se,"
                + "test_err_neg,test_err_neg_se", metrics.get(0));
        // eval_every defaults to max(1, steps/200) = 1: a row at step 0 and after every step.
        assertEquals(1 + 51, metrics.size());
        assertTrue(metrics.get(metrics.size() - 1).startsWith("50,"), metrics.get(metrics.size() - 1));

        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        for (String field : List.of("final_test_loss", "final_test_loss_se", "final_test_loss_over_cf", "cf", "steps", "t",
                "wall_seconds", "steps_per_second", "kernel")) {
            assertTrue(summary.has(field), "summary.json lacks " + field);
        }
        assertEquals(50, summary.get("steps").asLong());
        assertEquals(50 * 0.05, summary.get("t").asDouble(), 1e-12);
        assertEquals(config.get("kernel_used").asText(), summary.get("kernel").asText());

        // Running into the same folder again is refused and leaves the first run alone.
        byte[] before = Files.readAllBytes(out.resolve("metrics.csv"));
        CliRun again = run("train", "-d", "3", "-n", "16", "--steps", "50", "--test-size", "64", "-q", "--out",
                out.toString());
        assertOneLineError(again);
        assertTrue(again.err().contains("already holds a run"), again.err());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(out.resolve("metrics.csv"))));
    }

    @Test
    void progressLinesGoToErrWithoutQuiet() {
        Path out = dir.resolve("loud");
        CliRun result = run("train", "-d", "3", "-n", "8", "--steps", "20", "--test-size", "16", "--out",
                out.toString());
        assertEquals(0, result.exit(), result.toString());
        assertTrue(result.err().contains("engine"), result.err());
        assertTrue(result.err().contains("step 20/20"), result.err());
    }

    @Test
    void helpExitsZero() {
        CliRun top = run("--help");
        assertEquals(0, top.exit(), top.toString());
        assertTrue(top.out().contains("train"), top.out());
        CliRun train = run("train", "--help");
        assertEquals(0, train.exit(), train.toString());
        assertTrue(train.out().contains("--particles"), train.out());
        assertTrue(train.out().contains("--dt"), train.out());
        CliRun version = run("--version");
        assertEquals(0, version.exit(), version.toString());
        assertTrue(version.out().startsWith("meanfield "), version.out());
    }
}
