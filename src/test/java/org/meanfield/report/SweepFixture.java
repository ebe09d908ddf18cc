package org.meanfield.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.meanfield.cli.Main;
import org.meanfield.sweep.ResultRow;

/**
 * A small sweep folder written by hand: relu SGD runs with final loss 2/n and settled signed errors
 * e+ = 0.3/n, e- = 0.25/n, and gaussian exact runs with loss 5/n^2 and no signed errors (exact
 * dynamics have no test set), each value times a 5 % log-normal scatter, 3 seeds each, one failed run,
 * a metrics.csv per run (in the columns of the version before the signed errors) and, for each
 * group's largest-n first-seed run, the checkpoint of a real tiny run.
 */
public final class SweepFixture {
    /** The relu group's file-name stem. */
    public static final String RELU = "relu-d3-sgd-dt0.05-P64-t10";
    /** The gaussian group's file-name stem. */
    public static final String GAUSSIAN = "gaussian-d3-exact-dt0.05-alpha0.333333-t10";
    /** The failed run's folder. */
    public static final String FAILED = "relu-n512-s1";

    private SweepFixture() {
    }

    /** A real, tiny run folder (d = 3, n = 16, 20 steps) at {@code folder}. */
    public static Path realRun(Path folder) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[] {"train", "-d", "3", "-n", "16", "--steps", "20", "-q", "--threads", "1",
            "--test-size", "256", "-o", folder.toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
        if (code != 0) {
            throw new IllegalStateException("train failed: " + err);
        }
        return folder;
    }

    /** Writes the sweep into {@code folder}, with a real run trained beside it, and returns it. */
    public static Path write(Path folder) throws IOException {
        return write(folder, realRun(folder.resolveSibling(folder.getFileName() + "-real-run")));
    }

    /** Writes the sweep into {@code folder}, its checkpoints copied from the run folder {@code real}. */
    public static Path write(Path folder, Path real) throws IOException {
        Random random = new Random(2024);
        Random signed = new Random(7);
        List<ResultRow> rows = new ArrayList<>();
        for (int n : new int[] {16, 32, 64, 128, 256}) {
            for (int seed = 1; seed <= 3; seed++) {
                ResultRow r = run(folder, real, "relu", "sgd", n, seed, 2.0 / n * Math.exp(0.05 * random.nextGaussian()),
                        n == 256 && seed == 1);
                rows.add(withSignedErrors(r, 0.3 / n * Math.exp(0.05 * signed.nextGaussian()),
                        0.25 / n * Math.exp(0.05 * signed.nextGaussian())));
            }
        }
        for (int n : new int[] {16, 32, 64, 128}) {
            for (int seed = 1; seed <= 3; seed++) {
                rows.add(run(folder, real, "gaussian", "exact", n, seed,
                        5.0 / ((double) n * n) * Math.exp(0.05 * random.nextGaussian()), n == 128 && seed == 1));
            }
        }
        double nan = Double.NaN;
        rows.add(new ResultRow(FAILED, "b", "relu", 3, 512, "sgd", 0.05, "64", "4096", 1.0 / 3, 0, 0, 1, 1, 200, nan, nan,
                nan, nan, nan, nan, nan, nan, ResultRow.FAILED));
        Files.writeString(folder.resolve("results.csv"), ResultRow.toCsv(rows), StandardCharsets.UTF_8);
        return folder;
    }

    /** {@code r} with settled (and final) signed errors {@code pos} and {@code neg}. */
    public static ResultRow withSignedErrors(ResultRow r, double pos, double neg) {
        return new ResultRow(r.run(), r.block(), r.unit(), r.d(), r.n(), r.dynamics(), r.dt(), r.batch(), r.sample(),
                r.alpha(), r.temperature(), r.sigmaC(), r.seed(), r.targetSeed(), r.steps(), r.t(), r.finalTestLoss(),
                r.finalTestLossSe(), r.finalTestLossOverCf(), r.tailTestLoss(), r.tailTestLossOverCf(), r.cf(), r.wallS(),
                r.status(), pos, pos / 50, neg, neg / 50, pos, neg, r.phases());
    }

    private static ResultRow run(Path sweep, Path real, String unit, String dynamics, int n, int seed, double loss,
            boolean withCheckpoint) throws IOException {
        String name = unit + "-n" + n + "-s" + seed;
        Path dir = Files.createDirectories(sweep.resolve(name));
        double cf = 1.5;
        // Loss from C_f at t = 0 down to the final loss at t = 10, geometrically.
        StringBuilder csv = new StringBuilder("step,t,batch_loss,test_loss,test_loss_se,test_loss_over_cf,wall_s\n");
        for (int step = 0; step <= 200; step += 20) {
            double f = step / 200.0;
            double l = Math.exp((1 - f) * Math.log(cf) + f * Math.log(loss));
            csv.append(String.format(Locale.ROOT, "%d,%.17g,NaN,%.17g,0,%.17g,%.3f%n", step, step * 0.05, l, l / cf,
                    step * 0.01));
        }
        Files.writeString(dir.resolve("metrics.csv"), csv, StandardCharsets.UTF_8);
        if (withCheckpoint) {
            Files.copy(real.resolve("checkpoint.bin"), dir.resolve("checkpoint.bin"));
            Files.copy(real.resolve("config.json"), dir.resolve("config.json"));
        }
        return new ResultRow(name, "b", unit, 3, n, dynamics, 0.05, "64", "4096", 1.0 / 3, 0, 0, seed, 1, 200, 10.0, loss,
                "exact".equals(dynamics) ? 0 : loss / 100, loss / cf, loss, loss / cf, cf, 2.0, ResultRow.DONE);
    }
}
