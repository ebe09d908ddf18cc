package org.meanfield.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanfield.cli.CliRun;

/** A sweep of runs in phases: a longer last phase extends the runs, a changed earlier phase is refused. */
class SweepPhasesTest {
    @TempDir
    Path dir;

    private Path spec(String lastSteps, String firstSteps) throws IOException {
        return Files.writeString(dir.resolve("spec.json"), """
                {"threads": 1, "jobs": 1, "blocks": [{"name": "b",
                  "base": {"d": 3, "test_size": 16, "eval_every": 5,
                           "phases": [{"steps": %s, "batch": "n/4"}, {"steps": %s, "batch": "(n/4)^2"}]},
                  "grid": {"n": [12]}}]}
                """.formatted(firstSteps, lastSteps));
    }

    private static List<SweepPlan.Action> plan(Path file) {
        SweepSpec spec = SweepSpec.read(file);
        return SweepPlan.of(file, file.getParent(), SweepPoint.of(spec, false), 1, 1).runs().stream()
                .map(SweepPlan.Run::action).toList();
    }

    @Test
    void aLongerLastPhaseResumesTheRunsAndAChangedEarlierOneIsRefused() throws IOException {
        Path file = spec("6", "10");
        CliRun first = CliRun.run("sweep", file.toString(), "--no-report", "-q");
        assertEquals(0, first.exit(), first.toString());
        assertEquals(List.of(SweepPlan.Action.SKIP), plan(file));
        assertEquals(List.of(SweepPlan.Action.RESUME), plan(spec("9", "10")));
        CliRun longer = CliRun.run("sweep", file.toString(), "--no-report", "-q");
        assertEquals(0, longer.exit(), longer.toString());
        String rows = Files.readString(dir.resolve("b/n12/metrics.csv"));
        assertTrue(rows.contains("\n19,1,"), rows);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plan(spec("9", "11")));
        assertTrue(e.getMessage().contains("phases is steps=10,batch=n/4;batch=(n/4)^2 in its config.json, "
                + "steps=11,batch=n/4;batch=(n/4)^2 in the spec"), e.getMessage());
    }

    private Path appended(String secondSteps) throws IOException {
        return Files.writeString(dir.resolve("spec.json"), """
                {"threads": 1, "jobs": 1, "blocks": [{"name": "b",
                  "base": {"d": 3, "test_size": 16, "eval_every": 5,
                           "phases": [{"steps": 10, "batch": "n/4"}, {"steps": %s, "batch": "(n/4)^2"},
                                      {"steps": 7, "batch": "(n/4)^2/2", "dt": 0.025}]},
                  "grid": {"n": [12]}}]}
                """.formatted(secondSteps));
    }

    @Test
    void aPhaseAppendedToTheSpecContinuesTheFinishedRunsFromTheirEnd() throws IOException {
        Path file = spec("6", "10");
        assertEquals(0, CliRun.run("sweep", file.toString(), "--no-report", "-q").exit());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plan(appended("5")));
        assertTrue(e.getMessage().contains("holds a run of 16 steps, longer than the spec's 15 for its phases"),
                e.getMessage());
        Path more = appended("6");
        assertEquals(List.of(SweepPlan.Action.RESUME), plan(more));
        CliRun branched = CliRun.run("sweep", more.toString(), "--no-report", "-q");
        assertEquals(0, branched.exit(), branched.toString());
        assertEquals(List.of(SweepPlan.Action.SKIP), plan(more));
        String rows = Files.readString(dir.resolve("b/n12/metrics.csv"));
        assertTrue(rows.contains("\n16,1,"), rows);
        assertTrue(rows.contains("\n23,2,"), "the appended phase's last row: " + rows);
    }
}
