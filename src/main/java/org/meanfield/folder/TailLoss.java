package org.meanfield.folder;

import java.io.IOException;
import java.nio.file.Path;

import org.meanfield.observe.Moments;

/**
 * The loss a run settled at: the mean test loss over the metrics rows of the last quarter of its
 * last phase's mean-field time (of the whole run for a run of one phase: a quench is judged by
 * itself, not averaged with the phase before it). Under SGD the loss at the plateau fluctuates from
 * one evaluation to the next (by a factor of several at d = 5), so a time average over the plateau estimates its level far
 * better than the last row alone; the spread of the rows says how much they fluctuate. The signed
 * errors are averaged over the same rows.
 *
 * @param loss mean test loss over the rows with t &ge; {@code fromT}
 * @param relative that mean over C_f
 * @param fromT start of the window: 3/4 of the way from the start of the last phase to the final t
 * @param rows rows in the window
 * @param spread standard deviation of the rows' test losses (0 for one row)
 * @param errPos mean of the rows' test_err_pos over the window (NaN if a row lacks it)
 * @param errPosSpread standard deviation of those values
 * @param errNeg mean of the rows' test_err_neg over the window (NaN if a row lacks it)
 * @param errNegSpread standard deviation of those values
 */
public record TailLoss(double loss, double relative, double fromT, int rows, double spread, double errPos,
        double errPosSpread, double errNeg, double errNegSpread) {
    /** The fraction of the run's time the window covers, at its end. */
    public static final double WINDOW = 0.25;

    /** The tail of the rows of {@code metricsCsv} (a complete run's; at least one row). */
    public static TailLoss of(Path metricsCsv, double cf) throws IOException {
        return of(MetricsTable.read(metricsCsv), cf);
    }

    /** The tail of {@code table}'s rows (at least one). */
    public static TailLoss of(MetricsTable table, double cf) {
        double[] t = table.t();
        double lastStart = table.lastPhaseStart();
        double fromT = lastStart + (1 - WINDOW) * (t[t.length - 1] - lastStart);
        double[] loss = meanAndSpread(t, fromT, table.testLoss());
        double[] pos = meanAndSpread(t, fromT, table.testErrPos());
        double[] neg = meanAndSpread(t, fromT, table.testErrNeg());
        return new TailLoss(loss[0], loss[0] / cf, fromT, (int) loss[2], loss[1], pos[0], pos[1], neg[0], neg[1]);
    }

    /** Mean, standard deviation (0 for one row) and count of {@code values} over the rows with t &ge; fromT. */
    private static double[] meanAndSpread(double[] t, double fromT, double[] values) {
        Moments window = new Moments();
        for (int k = 0; k < t.length; k++) {
            if (t[k] >= fromT) {
                window.add(values[k]);
            }
        }
        return new double[] {window.mean(), window.standardDeviation(), window.count()};
    }
}
