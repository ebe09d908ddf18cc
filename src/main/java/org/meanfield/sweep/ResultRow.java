package org.meanfield.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.meanfield.config.Params;
import org.meanfield.config.RunConfig;
import org.meanfield.folder.ConfigFile;
import org.meanfield.folder.Json;
import org.meanfield.folder.RunFolders;
import org.meanfield.folder.Summary;

/**
 * One line of a sweep's {@code results.csv}: a run's parameters and how it ended.
 *
 * @param run the run folder relative to the sweep folder, with forward slashes
 * @param block the spec block the run belongs to
 * @param unit relu, sigmoid or gaussian
 * @param d input dimension
 * @param n number of particles
 * @param dynamics sgd, gd or exact
 * @param dt step in mean-field time
 * @param batch P (SGD batch) as given: an integer or an expression in n such as {@code n/5}
 * @param sample M (GD sample) as given
 * @param alpha gaussian width
 * @param temperature Langevin temperature
 * @param sigmaC standard deviation of the initial c_i
 * @param seed run seed
 * @param targetSeed target seed
 * @param steps steps of the run (as configured)
 * @param t mean-field time reached (NaN for a failed run)
 * @param finalTestLoss final test loss (the exact population loss for exact dynamics; NaN if failed)
 * @param finalTestLossSe its standard error (0 for exact dynamics; NaN if failed)
 * @param finalTestLossOverCf final loss over C_f (NaN if failed)
 * @param tailTestLoss mean test loss over the last quarter of the run's (last phase's) time (see
 *     {@link org.meanfield.folder.TailLoss}): the level the run settled at, which the report fits (NaN if failed)
 * @param tailTestLossOverCf that mean over C_f (NaN if failed)
 * @param cf C_f (NaN if failed)
 * @param wallS wall seconds of the run (NaN if failed)
 * @param status {@link #DONE} or {@link #FAILED}
 * @param finalTestErrPos the signed error where the target is positive at the end, mean over the test
 *     set of Theta(f) (f - f_n) (NaN if failed, not measured (exact dynamics) or read from a
 *     results.csv without the column)
 * @param finalTestErrPosSe its standard error
 * @param finalTestErrNeg the signed error where the target is negative, mean of Theta(-f) (f_n - f)
 * @param finalTestErrNegSe its standard error
 * @param tailTestErrPos mean test_err_pos over the tail loss's window: what the report fits
 * @param tailTestErrNeg mean test_err_neg over that window
 * @param phases the run's phases (see {@link #phasesCell}); empty for a run of one phase
 */
public record ResultRow(String run, String block, String unit, int d, int n, String dynamics, double dt, String batch,
        String sample, double alpha, double temperature, double sigmaC, long seed, long targetSeed, long steps, double t,
        double finalTestLoss, double finalTestLossSe, double finalTestLossOverCf, double tailTestLoss, double tailTestLossOverCf,
        double cf, double wallS, String status, double finalTestErrPos, double finalTestErrPosSe,
        double finalTestErrNeg, double finalTestErrNegSe, double tailTestErrPos, double tailTestErrNeg, String phases) {

    /** The run completed and wrote summary.json. */
    public static final String DONE = "done";
    /** The train child exited with an error. */
    public static final String FAILED = "failed";
    /** The header line of results.csv (without the line break). */
    public static final String HEADER = "run,block,unit,d,n,dynamics,dt,batch,sample,alpha,temperature,sigma_c,seed,"
            + "target_seed,steps,t,final_test_loss,final_test_loss_se,final_test_loss_over_cf,tail_test_loss,tail_test_loss_over_cf,cf,"
            + "wall_s,status,final_test_err_pos,final_test_err_pos_se,final_test_err_neg,final_test_err_neg_se,"
            + "tail_test_err_pos,tail_test_err_neg,phases";
    private static final String[] COLUMNS = HEADER.split(",");
    /** The columns from {@code final_test_err_pos} on: absent from older files, read as NaN. */
    private static final int FIRST_OPTIONAL = List.of(COLUMNS).indexOf("final_test_err_pos");
    /** Columns that meanfield 0.1 named otherwise, by their name now; files with the old names are still read. */
    private static final Map<String, String> OLD_NAMES = Map.of("final_test_loss_over_cf", "final_loss_over_cf",
            "tail_test_loss_over_cf", "tail_loss_over_cf");

    /** A row without signed errors (NaN). */
    public ResultRow(String run, String block, String unit, int d, int n, String dynamics, double dt, String batch,
            String sample, double alpha, double temperature, double sigmaC, long seed, long targetSeed, long steps,
            double t, double finalTestLoss, double finalTestLossSe, double finalTestLossOverCf, double tailTestLoss,
            double tailTestLossOverCf, double cf, double wallS, String status) {
        this(run, block, unit, d, n, dynamics, dt, batch, sample, alpha, temperature, sigmaC, seed, targetSeed, steps,
                t, finalTestLoss, finalTestLossSe, finalTestLossOverCf, tailTestLoss, tailTestLossOverCf, cf, wallS,
                status, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, "");
    }

    /**
     * A run's phases for the {@code phases} column: their canonical text with its field separator ','
     * written as ' ', so that the cell needs no quoting (empty for a run of one phase).
     */
    static String phasesCell(RunConfig config) {
        return config.get(Params.PHASES).toString().replace(',', ' ');
    }

    /** Whether the run completed. */
    public boolean done() {
        return DONE.equals(status);
    }

    /**
     * The row of a run: its config, and its summary when it completed ({@code null}: failed).
     */
    public static ResultRow of(RunConfig config, Summary summary, String run, String block) {
        double nan = Double.NaN;
        return new ResultRow(run, block, config.unit().toString(), config.d(), config.n(),
                config.dynamics().toString(), config.dt(), config.text(Params.BATCH), config.text(Params.SAMPLE),
                config.alpha(),
                config.temperature(), config.sigmaC(), config.seed(), config.targetSeed(), config.steps(),
                summary == null ? nan : summary.t(), summary == null ? nan : summary.finalTestLoss(),
                summary == null ? nan : summary.finalTestLossSe(), summary == null ? nan : summary.finalTestLossOverCf(),
                summary == null ? nan : summary.tailTestLoss(), summary == null ? nan : summary.tailTestLossOverCf(),
                summary == null ? nan : summary.cf(), summary == null ? nan : summary.wallSeconds(),
                summary == null ? FAILED : DONE, summary == null ? nan : Summary.value(summary.finalTestErrPos()),
                summary == null ? nan : Summary.value(summary.finalTestErrPosSe()),
                summary == null ? nan : Summary.value(summary.finalTestErrNeg()),
                summary == null ? nan : Summary.value(summary.finalTestErrNegSe()),
                summary == null ? nan : Summary.value(summary.tailTestErrPos()),
                summary == null ? nan : Summary.value(summary.tailTestErrNeg()), phasesCell(config));
    }

    /**
     * The row of the run in {@code runFolder}, from its config.json and, if the run completed, its
     * summary.json; a folder without summary.json gives a {@link #FAILED} row.
     *
     * @throws IllegalArgumentException if config.json or summary.json is missing or unreadable
     */
    public static ResultRow of(Path runFolder, String run, String block) {
        RunConfig config = ConfigFile.read(runFolder, runFolder.toString());
        Path file = runFolder.resolve(RunFolders.SUMMARY);
        if (!Files.exists(file)) {
            return of(config, null, run, block);
        }
        try {
            return of(config, Json.read(file, Summary.class), run, block);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " cannot be read (" + e.getMessage().replace('\n', ' ') + ")");
        }
    }

    /** The row as a CSV line (without the line break); numbers in full precision, independent of the locale. */
    public String toCsv() {
        // Double.toString and Long.toString are locale-independent and round-trip exactly.
        return String.join(",", run, block, unit, Integer.toString(d), Integer.toString(n), dynamics,
                Double.toString(dt), batch, sample, Double.toString(alpha),
                Double.toString(temperature), Double.toString(sigmaC), Long.toString(seed), Long.toString(targetSeed),
                Long.toString(steps), Double.toString(t), Double.toString(finalTestLoss),
                Double.toString(finalTestLossSe), Double.toString(finalTestLossOverCf), Double.toString(tailTestLoss),
                Double.toString(tailTestLossOverCf), Double.toString(cf),
                Double.toString(wallS), status, Double.toString(finalTestErrPos), Double.toString(finalTestErrPosSe),
                Double.toString(finalTestErrNeg), Double.toString(finalTestErrNegSe), Double.toString(tailTestErrPos),
                Double.toString(tailTestErrNeg), phases);
    }

    /** {@code rows} as a whole results.csv: the header, then one line per row. */
    public static String toCsv(List<ResultRow> rows) {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (ResultRow row : rows) {
            text.append(row.toCsv()).append('\n');
        }
        return text.toString();
    }

    /**
     * Reads a results.csv. Columns are found by their header names, so their order may change and
     * extra columns are ignored; the signed-error columns, which older files lack, read as NaN there.
     *
     * @throws IllegalArgumentException one line naming the file (and line) if a column is missing
     *     or a value is malformed
     * @throws UncheckedIOException if the file cannot be read
     */
    public static List<ResultRow> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file + " cannot be read", e);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + " is empty (expected the header " + HEADER + ")");
        }
        Map<String, Integer> index = new HashMap<>();
        String[] header = lines.get(0).strip().split(",", -1);
        for (int k = 0; k < header.length; k++) {
            index.putIfAbsent(header[k].strip(), k);
        }
        int[] at = new int[COLUMNS.length];
        for (int c = 0; c < COLUMNS.length; c++) {
            Integer k = index.getOrDefault(COLUMNS[c], index.get(OLD_NAMES.getOrDefault(COLUMNS[c], "")));
            if (k == null && c >= FIRST_OPTIONAL) {
                at[c] = -1;
                continue;
            }
            if (k == null) {
                throw new IllegalArgumentException(file + " has no column " + COLUMNS[c]);
            }
            at[c] = k;
        }
        List<ResultRow> rows = new ArrayList<>();
        for (int line = 1; line < lines.size(); line++) {
            if (lines.get(line).isBlank()) {
                continue;
            }
            String[] cells = lines.get(line).split(",", -1);
            if (cells.length != header.length) {
                throw new IllegalArgumentException(file + " line " + (line + 1) + " has " + cells.length
                        + " fields, the header " + header.length);
            }
            String[] v = new String[COLUMNS.length];
            for (int c = 0; c < COLUMNS.length; c++) {
                v[c] = at[c] >= 0 ? cells[at[c]].strip() : COLUMNS[c].equals("phases") ? "" : "NaN";
            }
            try {
                rows.add(new ResultRow(v[0], v[1], v[2], Integer.parseInt(v[3]), Integer.parseInt(v[4]), v[5],
                        Double.parseDouble(v[6]), v[7], v[8],
                        Double.parseDouble(v[9]), Double.parseDouble(v[10]), Double.parseDouble(v[11]),
                        Long.parseLong(v[12]), Long.parseLong(v[13]), Long.parseLong(v[14]), Double.parseDouble(v[15]),
                        Double.parseDouble(v[16]), Double.parseDouble(v[17]), Double.parseDouble(v[18]),
                        Double.parseDouble(v[19]), Double.parseDouble(v[20]), Double.parseDouble(v[21]),
                        Double.parseDouble(v[22]), v[23], Double.parseDouble(v[24]), Double.parseDouble(v[25]),
                        Double.parseDouble(v[26]), Double.parseDouble(v[27]), Double.parseDouble(v[28]),
                        Double.parseDouble(v[29]), v[30]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " line " + (line + 1) + ": bad number ("
                        + e.getMessage() + ")");
            }
        }
        return rows;
    }
}
