package org.meanfield.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Bad {@code bench --guard} options: exit 2 with one line, before anything is measured. */
class BenchGuardOptionsTest {
    @Test
    void recordWithoutGuardIsAnError() {
        CliRun run = CliRun.run("bench", "--record");
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("--guard FILE"), run.err());
    }

    @Test
    void aMissingBaselineFileIsAnError() {
        CliRun run = CliRun.run("bench", "--guard", "no/such/baseline.json");
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("no such file"), run.err());
    }

    @Test
    void aShareOutsideZeroToOneIsAnError() {
        CliRun run = CliRun.run("bench", "--guard", "pom.xml", "--share", "1.5");
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("--share"), run.err());
    }
}
