package org.meanfield.folder;

import java.util.Locale;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * One line of {@code metrics.csv}: an evaluation after {@code step} steps.
 *
 * @param step steps taken
 * @param phase the phase of the run that took the last of them (0 on the first row and in a run without phases)
 * @param t mean-field time (step * dt in a run of one dt)
 * @param batchLoss mean batch loss over the steps since the previous row (NaN on the first row)
 * @param testLoss held-out loss
 * @param testLossSe its standard error
 * @param testLossOverCf test loss over C_f
 * @param wallSeconds seconds since the loop started
 */
public record MetricsRow(long step, int phase, double t, double batchLoss, double testLoss, double testLossSe,
        double testLossOverCf, double wallSeconds) {
    /** The CSV header, matching {@link #toCsv()}. */
    public static final String HEADER = "step,phase,t,batch_loss,test_loss,test_loss_se,test_loss_over_cf,wall_s";
    /** The header of files written before runs had phases: {@link #toCsv(boolean)} without the phase. */
    public static final String HEADER_WITHOUT_PHASE = HEADER.replace(",phase", "");

    /** Bytes a row takes in a buffer: a long, six doubles and the phase (in a long's room). */
    public static final int BYTES = 8 * Long.BYTES;

    /** A row of phase 0. */
    public MetricsRow(long step, double t, double batchLoss, double testLoss, double testLossSe, double testLossOverCf,
            double wallSeconds) {
        this(step, 0, t, batchLoss, testLoss, testLossSe, testLossOverCf, wallSeconds);
    }

    /** Writes the fields into {@code buffer} at {@code index}, doubles as raw bits; allocates nothing. */
    public void writeTo(MutableDirectBuffer buffer, int index) {
        buffer.putLong(index, step);
        buffer.putDouble(index + 8, t);
        buffer.putDouble(index + 16, batchLoss);
        buffer.putDouble(index + 24, testLoss);
        buffer.putDouble(index + 32, testLossSe);
        buffer.putDouble(index + 40, testLossOverCf);
        buffer.putDouble(index + 48, wallSeconds);
        buffer.putLong(index + 56, phase);
    }

    /** The row that {@link #writeTo} wrote into {@code buffer} at {@code index}. */
    public static MetricsRow readFrom(DirectBuffer buffer, int index) {
        return new MetricsRow(buffer.getLong(index), (int) buffer.getLong(index + 56), buffer.getDouble(index + 8),
                buffer.getDouble(index + 16),
                buffer.getDouble(index + 24), buffer.getDouble(index + 32), buffer.getDouble(index + 40),
                buffer.getDouble(index + 48));
    }

    /** The row as CSV, numbers in full precision, under {@link #HEADER}. */
    public String toCsv() {
        return toCsv(true);
    }

    /** The row as CSV, with the phase column or (a file begun before it existed) without. */
    public String toCsv(boolean withPhase) {
        return String.format(Locale.ROOT, "%d%s,%.17g,%.17g,%.17g,%.17g,%.17g,%.6f", step, withPhase ? "," + phase : "",
                t, batchLoss, testLoss, testLossSe, testLossOverCf, wallSeconds);
    }
}
