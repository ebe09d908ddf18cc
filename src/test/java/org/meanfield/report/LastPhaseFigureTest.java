package org.meanfield.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanfield.cli.CliRun;

/**
 * A sweep of runs in phases gets the study's Figure 2 inset: the last phase's loss against t on
 * linear axes; a sweep of one phase does not.
 */
class LastPhaseFigureTest {
    @TempDir
    Path dir;

    private List<String> plots(String phases) throws IOException {
        Path spec = Files.writeString(dir.resolve("spec.json"), """
                {"threads": 1, "jobs": 1, "blocks": [{"name": "b",
                  "base": {"d": 3, "test_size": 16, "eval_every": 5, %s},
                  "grid": {"n": [12, 16]}}]}
                """.formatted(phases));
        CliRun run = CliRun.run("sweep", spec.toString(), "-q");
        assertEquals(0, run.exit(), run.toString());
        try (Stream<Path> files = Files.list(dir.resolve("plots"))) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void aSweepInPhasesHasTheLastPhaseFigure() throws IOException {
        List<String> plots = plots("""
                "phases": [{"steps": 20, "batch": "n/4"}, {"steps": 20, "batch": "(n/4)^2"}]""");
        assertTrue(plots.stream().anyMatch(p -> p.endsWith("-last-phase.png")), plots.toString());
        String html = Files.readString(dir.resolve("report.html")); // 20 steps of the default dt 0.05
        assertTrue(html.contains("the last phase (from t = 1)"), html);
    }

    @Test
    void aSweepOfOnePhaseHasNone() throws IOException {
        List<String> plots = plots("\"steps\": 20");
        assertTrue(plots.stream().noneMatch(p -> p.contains("last-phase")), plots.toString());
    }
}
