package org.meanfield.run;

import java.io.IOException;
import java.nio.file.Path;

import org.meanfield.folder.MetricsTable;

/**
 * The evaluations at which the quantity a deterministic dynamics descends rose. Exact GD lowers the
 * exact population loss (the test_loss column of its metrics) at every stable step, and the kernel
 * flow lowers its energy E_H - ||f||_H^2 / 2 (the batch_loss column: means over the steps between
 * rows, which fall as the energy does) at every stable step without noise; a rise means the
 * explicit Euler step has become unstable (the forces on the centres grow with the c_i, and with
 * them the stiffness). Under SGD or GD on a sample the losses fluctuate and rises say nothing.
 *
 * @param count rows whose value exceeds the previous row's by more than {@link #TOLERANCE} relative
 * @param firstT mean-field time of the first such row (NaN if none)
 */
public record LossRises(int count, double firstT) {
    /** Relative rise below which the sums' round-off could be the cause. */
    public static final double TOLERANCE = 1e-9;

    /** The rises of the exact loss (the test_loss column) of {@code metricsCsv}. */
    public static LossRises exactLoss(Path metricsCsv) throws IOException {
        MetricsTable table = MetricsTable.read(metricsCsv);
        return of(table.t(), table.testLoss(), Double.NEGATIVE_INFINITY);
    }

    /** The rises of the flow's energy (the batch_loss column) of {@code metricsCsv} between rows at t &ge; {@code fromT}. */
    public static LossRises flowEnergy(Path metricsCsv, double fromT) throws IOException {
        MetricsTable table = MetricsTable.read(metricsCsv);
        return of(table.t(), table.batchLoss(), fromT);
    }

    /** The rises of {@code values} from one row to the next, both rows at t &ge; {@code fromT}; NaN rows are skipped. */
    static LossRises of(double[] t, double[] values, double fromT) {
        int count = 0;
        double firstT = Double.NaN;
        for (int k = 1; k < values.length; k++) {
            boolean inWindow = t[k - 1] >= fromT && !Double.isNaN(values[k - 1]) && !Double.isNaN(values[k]);
            if (inWindow && values[k] - values[k - 1] > TOLERANCE * Math.abs(values[k - 1]) && count++ == 0) {
                firstT = t[k];
            }
        }
        return new LossRises(count, firstT);
    }
}
