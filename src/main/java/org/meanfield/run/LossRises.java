package org.meanfield.run;

import java.io.IOException;
import java.nio.file.Path;

import org.meanfield.folder.MetricsTable;

/**
 * The evaluations at which a run's test loss rose. Under exact dynamics the logged loss is the
 * exact population loss, which gradient descent lowers at every stable step, so a rise means the
 * explicit Euler step has become unstable (the z-forces grow with the c_i, and with them the
 * stiffness). Under SGD or GD on a sample the test loss fluctuates and rises say nothing.
 *
 * @param count rows whose loss exceeds the previous row's by more than {@link #TOLERANCE} relative
 * @param firstT mean-field time of the first such row (NaN if none)
 */
public record LossRises(int count, double firstT) {
    /** Relative rise below which the sums' round-off could be the cause. */
    public static final double TOLERANCE = 1e-9;

    /** The rises in the test-loss column of {@code metricsCsv}. */
    public static LossRises of(Path metricsCsv) throws IOException {
        return of(MetricsTable.read(metricsCsv));
    }

    /** The rises in {@code table}'s test-loss column. */
    public static LossRises of(MetricsTable table) {
        double[] loss = table.testLoss();
        int count = 0;
        double firstT = Double.NaN;
        for (int k = 1; k < loss.length; k++) {
            if (loss[k] > loss[k - 1] * (1 + TOLERANCE) && count++ == 0) {
                firstT = table.t()[k];
            }
        }
        return new LossRises(count, firstT);
    }
}
