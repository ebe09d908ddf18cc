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

    /** 64-bit slots a row takes in a {@link org.meanfield.observe.RecordRing}: one per field. */
    public static final int SLOTS = 7;

    /** Writes the fields into {@code slots[0..SLOTS)}, doubles as raw bits; allocates nothing. */
    public void writeTo(long[] slots) {
        slots[0] = step;
        slots[1] = Double.doubleToRawLongBits(t);
        slots[2] = Double.doubleToRawLongBits(batchLoss);
        slots[3] = Double.doubleToRawLongBits(testLoss);
        slots[4] = Double.doubleToRawLongBits(testLossSe);
        slots[5] = Double.doubleToRawLongBits(relativeLoss);
        slots[6] = Double.doubleToRawLongBits(wallSeconds);
    }

    /** The row that {@link #writeTo(long[])} wrote into {@code slots}. */
    public static MetricsRow readFrom(long[] slots) {
        return new MetricsRow(slots[0], Double.longBitsToDouble(slots[1]), Double.longBitsToDouble(slots[2]),
                Double.longBitsToDouble(slots[3]), Double.longBitsToDouble(slots[4]), Double.longBitsToDouble(slots[5]),
                Double.longBitsToDouble(slots[6]));
    }

    /** The row as CSV, numbers in full precision. */
    public String toCsv() {
        return String.format(Locale.ROOT, "%d,%.17g,%.17g,%.17g,%.17g,%.17g,%.6f", step, t, batchLoss, testLoss,
                testLossSe, relativeLoss, wallSeconds);
    }
}
