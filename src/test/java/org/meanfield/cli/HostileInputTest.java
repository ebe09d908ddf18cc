package org.meanfield.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input a hostile but realistic user gives: each is refused or handled in one line, with the right
 * exit code, and nothing of the user's is overwritten or left behind.
 */
class HostileInputTest {
    @TempDir
    Path dir;

    private static void assertOneLine(CliRun result, int exit, String expected) {
        assertEquals(exit, result.exit(), result.err());
        List<String> lines = result.errLines().stream().filter(l -> !l.startsWith("WARNING: Using incubator")).toList();
        assertEquals(1, lines.size(), result.err());
        assertTrue(lines.get(0).startsWith("meanfield: ") && lines.get(0).contains(expected), lines.get(0));
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aGridTooLargeIsCountedAndRefusedAtOnce() throws IOException {
        StringBuilder values = new StringBuilder("[1");
        for (int v = 2; v <= 100; v++) {
            values.append(", ").append(v);
        }
        String list = values.append("]").toString();
        Path spec = Files.writeString(dir.resolve("huge.json"), "{\"blocks\": [{\"name\": \"b\", \"grid\": {\"seed\": "
                + list + ", \"target_seed\": " + list + ", \"n\": " + list + ", \"d\": " + list + ", \"batch\": "
                + list + ", \"sample\": " + list + "}}]}");
        long start = System.nanoTime();
        CliRun result = CliRun.run("sweep", spec.toString(), "--dry-run");
        double seconds = (System.nanoTime() - start) * 1e-9;
        assertOneLine(result, Main.USAGE, "the sweep has 1000000000000 points");
        assertTrue(seconds < 5, "refused without building the points, in " + seconds + " s");
        assertEquals(List.of("huge.json"), names(dir));
    }

    @Test
    void outMustNameAFolderThatIsNewEmptyOrARun() throws IOException {
        assertOneLine(CliRun.run("train", "--out", ""), Main.USAGE, "--out must name a folder, got an empty string");
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("summary.json"), "{\"my\": \"results\"}");
        assertOneLine(CliRun.run("train", "-q", "--out", mine.toString()), Main.USAGE,
                "holds files that are not a meanfield run (summary.json)");
        assertEquals("{\"my\": \"results\"}", Files.readString(mine.resolve("summary.json")));
        Path spec = Files.writeString(dir.resolve("spec.json"),
                "{\"blocks\": [{\"name\": \"b\", \"base\": {\"d\": 3, \"n\": 8, \"steps\": 2}, \"grid\": {\"seed\": [1]}}]}");
        assertOneLine(CliRun.run("sweep", spec.toString(), "--out", mine.toString(), "-q"), Main.USAGE,
                "holds files that are not a meanfield sweep");
        assertEquals(List.of("summary.json"), names(mine), "not even a lock file is left");
    }

    @Test
    void sizesAreCheckedBeforeAnythingIsAllocated() {
        assertOneLine(CliRun.run("train", "-d", "128", "--test-size", "16777216", "--out", dir.resolve("a").toString()),
                Main.USAGE, "--test-size 16777216 times --dim 128 is 2147483648 coordinates");
        assertOneLine(CliRun.run("train", "-d", "128", "--dynamics", "gd", "-M", "16777216", "--out",
                dir.resolve("b").toString()), Main.USAGE, "--sample 16777216 times --dim 128");
        CliRun huge = CliRun.run("train", "-d", "128", "-n", "2000000", "--out", dir.resolve("c").toString());
        assertOneLine(huge, Main.USAGE, "GB of heap and this JVM has");
        assertTrue(huge.err().contains("--particles, --dim"), huge.err());
        assertFalse(Files.exists(dir.resolve("a")) || Files.exists(dir.resolve("b")) || Files.exists(dir.resolve("c")));
    }

    @Test
    void parametersBlownUpWhileFiniteStopTheRunLikeADivergence() throws IOException {
        Path run = dir.resolve("blown");
        CliRun result = CliRun.run("train", "-q", "--unit", "gaussian", "-d", "5", "-n", "64", "--dt", "1e4",
                "--steps", "200", "--test-size", "64", "--threads", "1", "--out", run.toString());
        assertOneLine(result, Main.FAILURE, "diverged: parameter z[");
        assertTrue(result.err().contains(", beyond ") && result.err().contains("the last good checkpoint is at step 0")
                && result.err().contains("lower --dt (now 10000"), result.err());
        assertFalse(Files.exists(run.resolve("summary.json")));
        Path frozen = dir.resolve("frozen");
        CliRun exact = CliRun.run("train", "-q", "--dynamics", "exact", "-d", "5", "-n", "16", "--dt", "100",
                "--steps", "200", "--threads", "1", "--out", frozen.toString());
        assertOneLine(exact, Main.FAILURE, "every gaussian centre is more than");
    }

    @Test
    void aDivergenceNamesTheOptionThatLikelyCausedIt() {
        CliRun result = CliRun.run("train", "-q", "-d", "5", "-n", "64", "--sigma-c", "1e7", "--steps", "50",
                "--test-size", "64", "--threads", "1", "--out", dir.resolve("s").toString());
        assertOneLine(result, Main.FAILURE, "likely causes: --sigma-c 1.00000e+07 (the c_i start that large)");
    }
}
