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

    /** Rows at t = 0, 10, 20, ... with these test losses, and these batch losses (the flow's energy). */
    private Path metrics(double[] test, double[] batch) throws IOException {
        List<String> lines = new ArrayList<>(List.of(MetricsRow.HEADER));
        for (int k = 0; k < test.length; k++) {
            lines.add(new MetricsRow(k, 10.0 * k, batch[k], test[k], 0, test[k], k).toCsv());
        }
        return Files.write(dir.resolve("metrics.csv"), lines);
    }

    private Path exact(double... losses) throws IOException {
        double[] nan = new double[losses.length];
        java.util.Arrays.fill(nan, Double.NaN);
        return metrics(losses, nan);
    }

    @Test
    void countsEveryRiseOfTheExactLossAndWhenTheFirstCame() throws IOException {
        LossRises rises = LossRises.exactLoss(exact(4, 3, 2, 2.5, 1, 1.5, 1.4));
        assertEquals(2, rises.count());
        assertEquals(30.0, rises.firstT());
    }

    @Test
    void aFallingOrFlatLossHasNoneNorDoesRoundOff() throws IOException {
        LossRises rises = LossRises.exactLoss(exact(4, 3, 3, 1, 1 + 1e-13));
        assertEquals(0, rises.count());
        assertTrue(Double.isNaN(rises.firstT()));
    }

    @Test
    void theFlowsEnergyIsCheckedOnlyOnceTheNoiseHasStopped() throws IOException {
        // Negative energies: a rise is towards zero. Noise until t = 20 (rows 0..2), quiet after.
        double[] energy = {Double.NaN, -1, -0.5, -2, -3, -2.5, -4};
        Path file = metrics(new double[] {1, 1, 1, 1, 1, 1, 1}, energy);
        assertEquals(1, LossRises.flowEnergy(file, 20).count(), "-3 to -2.5 at t = 50");
        assertEquals(50.0, LossRises.flowEnergy(file, 20).firstT());
        assertEquals(2, LossRises.flowEnergy(file, 0).count(), "with the noisy rows: -1 to -0.5 too");
    }
}
