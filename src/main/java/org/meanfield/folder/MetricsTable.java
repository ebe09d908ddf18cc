package org.meanfield.folder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The columns of a run's {@code metrics.csv} that are read back: step, t and test loss (the exact
 * population loss for exact dynamics), for the summary's tail loss, the exact dynamics' stability
 * check and the report's figures, and the signed errors where the file has them. Columns are found by
 * their header names.
 *
 * @param step steps at each row
 * @param t mean-field time at each row
 * @param batchLoss the batch_loss column: the mean, over the steps since the previous row, of what the
 *     steps descend (NaN on the first row)
 * @param testLoss test loss at each row
 * @param phase the phase of each row (0 throughout in a file written before runs had phases)
 * @param testErrPos the test_err_pos column ({@link MetricsRow#testErrPos()}); NaN in a file without it
 *     (written before the signed errors were measured)
 * @param testErrNeg the test_err_neg column, likewise
 */
public record MetricsTable(long[] step, double[] t, double[] batchLoss, double[] testLoss, int[] phase,
        double[] testErrPos, double[] testErrNeg) {

    /**
     * Reads {@code file}; a malformed line (a crash can leave none, but a copy can be cut short)
     * ends the table.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it lacks the step, t, batch_loss or test_loss column
     */
    public static MetricsTable read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + " is empty");
        }
        List<String> header = Arrays.stream(lines.get(0).split(",", -1)).map(String::strip).toList();
        int stepAt = column(file, header, "step");
        int tAt = column(file, header, "t");
        int batchAt = column(file, header, "batch_loss");
        int lossAt = column(file, header, "test_loss");
        int phaseAt = header.indexOf("phase"); // absent from files written before phases
        int posAt = header.indexOf("test_err_pos");
        int negAt = header.indexOf("test_err_neg");
        long[] step = new long[lines.size() - 1];
        double[] t = new double[step.length];
        double[] batch = new double[step.length];
        double[] loss = new double[step.length];
        int[] phase = new int[step.length];
        double[] pos = new double[step.length];
        double[] neg = new double[step.length];
        int rows = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (cells.length != header.size()) {
                break;
            }
            try {
                step[rows] = Long.parseLong(cells[stepAt].strip());
                t[rows] = Double.parseDouble(cells[tAt].strip());
                batch[rows] = Double.parseDouble(cells[batchAt].strip());
                loss[rows] = Double.parseDouble(cells[lossAt].strip());
                phase[rows] = phaseAt < 0 ? 0 : Integer.parseInt(cells[phaseAt].strip());
                pos[rows] = posAt < 0 ? Double.NaN : Double.parseDouble(cells[posAt].strip());
                neg[rows] = negAt < 0 ? Double.NaN : Double.parseDouble(cells[negAt].strip());
            } catch (NumberFormatException e) {
                break;
            }
            rows++;
        }
        return new MetricsTable(Arrays.copyOf(step, rows), Arrays.copyOf(t, rows), Arrays.copyOf(batch, rows),
                Arrays.copyOf(loss, rows), Arrays.copyOf(phase, rows), Arrays.copyOf(pos, rows),
                Arrays.copyOf(neg, rows));
    }

    private static int column(Path file, List<String> header, String name) {
        int at = header.indexOf(name);
        if (at < 0) {
            throw new IllegalArgumentException(file + " has no column " + name);
        }
        return at;
    }

    /** Rows read. */
    public int rows() {
        return step.length;
    }

    /** The mean-field time at which the last phase starts: 0 for a run of one phase. */
    public double lastPhaseStart() {
        int last = phase[phase.length - 1];
        double start = 0; // the row at a phase's end carries that phase's number
        for (int k = 0; k < t.length; k++) {
            if (phase[k] < last) {
                start = Math.max(start, t[k]);
            }
        }
        return start;
    }
}
