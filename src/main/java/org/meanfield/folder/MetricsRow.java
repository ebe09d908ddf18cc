package org.meanfield.folder;

import java.util.Arrays;
import java.util.List;
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
 * @param testErrPos the signed error where the target is positive, mean over the test set of
 *     Theta(f) (f - f_n) (NaN without a test set: exact dynamics)
 * @param testErrPosSe its standard error
 * @param testErrNeg the signed error where the target is negative, mean of Theta(-f) (f_n - f)
 * @param testErrNegSe its standard error
 */
public record MetricsRow(long step, int phase, double t, double batchLoss, double testLoss, double testLossSe,
        double testLossOverCf, double wallSeconds, double testErrPos, double testErrPosSe, double testErrNeg,
        double testErrNegSe) {
    /**
     * The CSV header, matching {@link #toCsv()}. A file begun by an older version, with other columns,
     * is continued in its own columns ({@link #toCsv(int[])}).
     */
    public static final String HEADER = "step,phase,t,batch_loss,test_loss,test_loss_se,test_loss_over_cf,wall_s,"
            + "test_err_pos,test_err_pos_se,test_err_neg,test_err_neg_se";
    /** The header of files written before runs had phases or signed errors. */
    public static final String HEADER_WITHOUT_PHASE = "step,t,batch_loss,test_loss,test_loss_se,test_loss_over_cf,wall_s";

    /** Columns of {@link #HEADER}. */
    public static final int COLUMNS = HEADER.split(",").length;

    /** {@link #toCsv(int[])}'s columns of a file under {@link #HEADER}: all, in order. */
    public static final int[] ALL = columnsOf(List.of(HEADER.split(",")));

    /** Bytes a row takes in a buffer: a long, ten doubles and the phase (in a long's room). */
    public static final int BYTES = 12 * Long.BYTES;

    /** A row of phase 0 without signed errors (NaN). */
    public MetricsRow(long step, double t, double batchLoss, double testLoss, double testLossSe, double testLossOverCf,
            double wallSeconds) {
        this(step, 0, t, batchLoss, testLoss, testLossSe, testLossOverCf, wallSeconds);
    }

    /** A row without signed errors (NaN). */
    public MetricsRow(long step, int phase, double t, double batchLoss, double testLoss, double testLossSe,
            double testLossOverCf, double wallSeconds) {
        this(step, phase, t, batchLoss, testLoss, testLossSe, testLossOverCf, wallSeconds, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN);
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
        buffer.putDouble(index + 64, testErrPos);
        buffer.putDouble(index + 72, testErrPosSe);
        buffer.putDouble(index + 80, testErrNeg);
        buffer.putDouble(index + 88, testErrNegSe);
    }

    /** The row that {@link #writeTo} wrote into {@code buffer} at {@code index}. */
    public static MetricsRow readFrom(DirectBuffer buffer, int index) {
        return new MetricsRow(buffer.getLong(index), (int) buffer.getLong(index + 56), buffer.getDouble(index + 8),
                buffer.getDouble(index + 16), buffer.getDouble(index + 24), buffer.getDouble(index + 32),
                buffer.getDouble(index + 40), buffer.getDouble(index + 48), buffer.getDouble(index + 64),
                buffer.getDouble(index + 72), buffer.getDouble(index + 80), buffer.getDouble(index + 88));
    }

    /** The row as CSV, numbers in full precision, under {@link #HEADER}. */
    public String toCsv() {
        return String.format(Locale.ROOT, "%d,%d,%.17g,%.17g,%.17g,%.17g,%.17g,%.6f,%.17g,%.17g,%.17g,%.17g", step,
                phase, t, batchLoss, testLoss, testLossSe, testLossOverCf, wallSeconds, testErrPos, testErrPosSe,
                testErrNeg, testErrNegSe);
    }

    /**
     * Where each column of a file's header {@code names} is in {@link #HEADER} (-1 for a name it does
     * not have): how {@link #toCsv(int[])} writes a row into a file begun by another version.
     */
    public static int[] columnsOf(List<String> names) {
        List<String> ours = List.of(HEADER.split(","));
        return names.stream().mapToInt(name -> ours.indexOf(name.strip())).toArray();
    }

    /**
     * The row as CSV in the columns {@code columns} (indices into {@link #HEADER}, from
     * {@link #columnsOf}; -1 writes NaN): the line of a file whose header names other columns than
     * this version's, one begun by an older version, which a resume continues in its own columns.
     */
    public String toCsv(int[] columns) {
        if (Arrays.equals(columns, ALL)) {
            return toCsv();
        }
        String[] cells = toCsv().split(",", -1);
        StringBuilder line = new StringBuilder();
        for (int k = 0; k < columns.length; k++) {
            line.append(k > 0 ? "," : "").append(columns[k] < 0 ? "NaN" : cells[columns[k]]);
        }
        return line.toString();
    }
}
