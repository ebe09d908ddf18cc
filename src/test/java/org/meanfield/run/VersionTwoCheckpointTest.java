package org.meanfield.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.meanfield.run.RunFixtures.cliOk;
import static org.meanfield.run.RunFixtures.resume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanfield.folder.MetricsTable;
import org.meanfield.folder.MetricsRow;
import org.meanfield.folder.RunFolders;

/**
 * A run checked in before phases existed (checkpoint version 2, noise_stop, metrics.csv without the
 * phase column): a copy of runs/study/figure1/flow-d5/n8-target_seed1 resumes and is extended.
 */
class VersionTwoCheckpointTest {
    private static final Path RUN = Path.of("runs/study/figure1/flow-d5/n8-target_seed1");

    @TempDir
    Path dir;

    @Test
    void aFigureOneRunResumesAndKeepsItsMetricsColumns() throws IOException {
        Path copy = Files.createDirectories(dir.resolve("run"));
        try (Stream<Path> files = Files.list(RUN)) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        assertEquals(RunFixtures.checkpoint(copy).phase(), -1, "version 2 does not record the phase");
        long steps = RunFixtures.checkpoint(copy).step();
        List<String> before = Files.readAllLines(copy.resolve(RunFolders.METRICS));
        assertEquals(MetricsRow.HEADER_WITHOUT_PHASE, before.get(0));
        cliOk(resume(copy, "--steps", Long.toString(steps + 5000), "--threads", "1"));
        assertEquals(steps + 5000, RunFixtures.checkpoint(copy).step());
        assertEquals(1, RunFixtures.checkpoint(copy).phase(), "after the noise stopped: the second phase");
        List<String> after = Files.readAllLines(copy.resolve(RunFolders.METRICS));
        assertEquals(before, after.subList(0, before.size()), "the rows before are kept");
        String last = after.get(after.size() - 1);
        assertEquals(7, last.split(",").length, "rows go on without the phase column: " + last);
        assertTrue(last.startsWith((steps + 5000) + "," + (steps + 5000) * 0.001), last);
        MetricsTable table = MetricsTable.read(copy.resolve(RunFolders.METRICS));
        assertEquals(after.size() - 1, table.rows(), "read by its header, without a phase column");
        assertEquals(0, java.util.Arrays.stream(table.phase()).max().orElse(-1), "read as phase 0");
    }
}
