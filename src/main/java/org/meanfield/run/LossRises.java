package org.meanfield.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
        List<String> lines = Files.readAllLines(metricsCsv);
        int count = 0;
        double firstT = Double.NaN;
        double previous = Double.NaN;
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",");
            double loss = Double.parseDouble(fields[3]);
            if (loss > previous * (1 + TOLERANCE)) {
                if (count++ == 0) {
                    firstT = Double.parseDouble(fields[1]);
                }
            }
            previous = loss;
        }
        return new LossRises(count, firstT);
    }
}
