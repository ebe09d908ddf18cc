package org.meanfield.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanfield.folder.MetricsRow;

class LossRisesTest {
    @TempDir
    Path dir;

    private Path metrics(double... losses) throws IOException {
        List<String> lines = new ArrayList<>(List.of(MetricsRow.HEADER));
        for (int k = 0; k < losses.length; k++) {
            lines.add(new MetricsRow(k, 10.0 * k, Double.NaN, losses[k], 0, losses[k], k).toCsv());
        }
        return Files.write(dir.resolve("metrics.csv"), lines);
    }

    @Test
    void countsEveryRiseAndWhenTheFirstCame() throws IOException {
        LossRises rises = LossRises.of(metrics(4, 3, 2, 2.5, 1, 1.5, 1.4));
        assertEquals(2, rises.count());
        assertEquals(30.0, rises.firstT());
    }

    @Test
    void aFallingOrFlatLossHasNoneNorDoesRoundOff() throws IOException {
        LossRises rises = LossRises.of(metrics(4, 3, 3, 1, 1 + 1e-13));
        assertEquals(0, rises.count());
        assertTrue(Double.isNaN(rises.firstT()));
    }
}
