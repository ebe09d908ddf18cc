package org.meanfield.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanfield.folder.MetricsRow;
import org.meanfield.folder.TailLoss;

class TailLossTest {
    @TempDir
    Path dir;

    @Test
    void averagesTheRowsOfTheLastQuarterOfTheTime() throws IOException {
        List<String> lines = new ArrayList<>(List.of(MetricsRow.HEADER));
        // t = 0, 10, ..., 100; the window is t >= 75: rows at 80, 90, 100 with losses 8, 9, 10.
        for (int k = 0; k <= 10; k++) {
            lines.add(new MetricsRow(k, 10.0 * k, k, k, 0.1, k / 2.0, k).toCsv());
        }
        Path file = dir.resolve("metrics.csv");
        Files.write(file, lines);
        TailLoss tail = TailLoss.of(file, 2.0);
        assertEquals(75.0, tail.fromT());
        assertEquals(3, tail.rows());
        assertEquals(9.0, tail.loss(), 1e-15);
        assertEquals(4.5, tail.relative(), 1e-15);
        assertEquals(1.0, tail.spread(), 1e-12);
    }

    @Test
    void aRunInPhasesIsJudgedOnItsLastPhase() throws IOException {
        List<String> lines = new ArrayList<>(List.of(MetricsRow.HEADER));
        // Phase 0 to t = 100 (its end row at t = 100 carries phase 0), phase 1 from 100 to 140: the window is
        // the last quarter of phase 1, t >= 130, rows at 130 and 140 with losses 0.5 and 0.25, not the run's
        // last quarter (t >= 105).
        for (int k = 0; k <= 10; k++) {
            lines.add(new MetricsRow(k, 0, 10.0 * k, k, k, 0.1, k / 2.0, k).toCsv());
        }
        double[] quench = {2, 1, 0.5, 0.25};
        for (int k = 0; k < quench.length; k++) {
            lines.add(new MetricsRow(11 + k, 1, 110.0 + 10 * k, 1, quench[k], 0.1, quench[k], 11 + k).toCsv());
        }
        Path file = dir.resolve("metrics.csv");
        Files.write(file, lines);
        TailLoss tail = TailLoss.of(file, 1.0);
        assertEquals(130.0, tail.fromT());
        assertEquals(2, tail.rows());
        assertEquals(0.375, tail.loss(), 1e-15);
    }

    @Test
    void aRunOfNoStepsHasItsOnlyRow() throws IOException {
        Path file = dir.resolve("metrics.csv");
        Files.write(file, List.of(MetricsRow.HEADER, new MetricsRow(0, 0, Double.NaN, 3, 0.1, 1.5, 0).toCsv()));
        TailLoss tail = TailLoss.of(file, 2.0);
        assertEquals(1, tail.rows());
        assertEquals(3.0, tail.loss());
        assertEquals(0.0, tail.spread());
    }
}
