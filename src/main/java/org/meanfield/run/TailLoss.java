package org.meanfield.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The loss a run settled at: the mean test loss over the metrics rows of the last quarter of its
 * mean-field time. Under SGD the loss at the plateau fluctuates from one evaluation to the next
 * (by a factor of several at d = 5), so a time average over the plateau estimates its level far
 * better than the last row alone; the spread of the rows says how much they fluctuate.
 *
 * @param loss mean test loss over the rows with t &ge; {@code fromT}
 * @param relative that mean over C_f
 * @param fromT start of the window: 3/4 of the final t
 * @param rows rows in the window
 * @param spread standard deviation of the rows' test losses (0 for one row)
 */
public record TailLoss(double loss, double relative, double fromT, int rows, double spread) {
    /** The fraction of the run's time the window covers, at its end. */
    public static final double WINDOW = 0.25;

    /** The tail of the rows of {@code metricsCsv} (a complete run's; at least one row). */
    public static TailLoss of(Path metricsCsv, double cf) throws IOException {
        List<String> lines = Files.readAllLines(metricsCsv);
        String[] last = lines.get(lines.size() - 1).split(",");
        double fromT = (1 - WINDOW) * Double.parseDouble(last[1]);
        double sum = 0;
        double sumSquares = 0;
        int rows = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",");
            if (Double.parseDouble(fields[1]) >= fromT) {
                double loss = Double.parseDouble(fields[3]);
                sum += loss;
                sumSquares += loss * loss;
                rows++;
            }
        }
        double mean = sum / rows;
        double spread = rows > 1 ? Math.sqrt(Math.max(0, (sumSquares - rows * mean * mean) / (rows - 1))) : 0;
        return new TailLoss(mean, mean / cf, fromT, rows, spread);
    }
}
