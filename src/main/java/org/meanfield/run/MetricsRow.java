package org.meanfield.run;

import java.util.Locale;

/**
 * One line of {@code metrics.csv}: an evaluation after {@code step} steps.
 *
 * @param step steps taken
 * @param t mean-field time step * dt
 * @param batchLoss mean batch loss over the steps since the previous row (NaN on the first row)
 * @param testLoss held-out loss
 * @param testLossSe its standard error
 * @param relativeLoss test loss over C_f
 * @param wallSeconds seconds since the loop started
 */
public record MetricsRow(long step, double t, double batchLoss, double testLoss, double testLossSe,
        double relativeLoss, double wallSeconds) {
    /** The CSV header, matching {@link #toCsv()}. */
    public static final String HEADER = "step,t,batch_loss,test_loss,test_loss_se,test_loss_over_cf,wall_s";

    /** The row as CSV, numbers in full precision. */
    public String toCsv() {
        return String.format(Locale.ROOT, "%d,%.17g,%.17g,%.17g,%.17g,%.17g,%.6f", step, t, batchLoss, testLoss,
                testLossSe, relativeLoss, wallSeconds);
    }
}
