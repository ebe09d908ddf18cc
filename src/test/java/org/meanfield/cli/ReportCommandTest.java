package org.meanfield.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.meanfield.cli.CliRun.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanfield.report.SweepFixture;

/** {@code meanfield report}: where it wrote and one line per fit, or one line and exit 2. */
class ReportCommandTest {
    @TempDir
    Path dir;

    @Test
    void sweepFolderPrintsThePageAndEachFit() throws IOException {
        Path sweep = SweepFixture.write(dir.resolve("sweep"));
        CliRun r = run("report", sweep.toString(), "--min-n", "32");
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals("report: wrote " + sweep.resolve("report.html"), lines.get(0));
        // A line per group's loss fit, then one per signed error the group measured (the exact group none).
        assertEquals(5, lines.size(), r.out());
        assertTrue(lines.get(1).contains("gaussian d=3 exact") && lines.get(1).contains("slope -"), lines.get(1));
        assertTrue(lines.get(2).contains("over n = 32..256 (12 runs)"), lines.get(2));
        assertTrue(lines.get(3).contains("  tail_test_err_pos: slope -") && lines.get(3).endsWith("over n = 32..256 (12 runs)"),
                lines.get(3));
        assertTrue(Files.exists(sweep.resolve("fits.json")));
    }

    @Test
    void runFolderWorks() {
        Path run = SweepFixture.realRun(dir.resolve("run"));
        CliRun r = run("report", run.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("final test loss"), r.out());
    }

    @Test
    void badFoldersAndValuesAreOneLineWithExitTwo() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(bad.resolve("results.csv"), "run,n\nx,1\n");
        assertOneLine(run("report", empty.toString()), "neither a sweep folder");
        assertOneLine(run("report", dir.resolve("missing").toString()), "does not exist");
        assertOneLine(run("report", bad.toString()), "has no column");
        assertOneLine(run("report", empty.toString(), "--min-n", "-1"), "--min-n");
        assertOneLine(run("report", empty.toString(), "--min-n", "x"), "--min-n");
        assertOneLine(run("report"), "FOLDER");
    }

    private static void assertOneLine(CliRun r, String expected) {
        assertEquals(Main.USAGE, r.exit(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.errLines().get(0).startsWith("meanfield: "), r.toString());
        assertTrue(r.errLines().get(0).contains(expected), r.toString());
        assertFalse(r.errLines().get(0).contains("Exception"), r.toString());
    }
}
