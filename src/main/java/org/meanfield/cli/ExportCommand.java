package org.meanfield.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.meanfield.export.Exporter;
import org.meanfield.export.RunState;
import org.meanfield.folder.FolderLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meanfield export}: a run's final particles and target as NumPy files. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the particles of a run's checkpoint and its target's coefficients as NumPy .npy files "
                + "(float64, C order), with layout.json describing each file and giving the formulas for f and f_n, "
                + "so that f and f_n can be evaluated again in Python.",
            "A finished run's checkpoint is its final state; a stopped run's is where it stopped: the output and "
                + "layout.json say which step it is."},
        footer = {"%nFiles:",
            "  c.npy           (n,)       output weights c_i",
            "  a.npy, b.npy    (n, d) (n,)  relu: phi = max(0, u), sigmoid: phi = 1/(1+e^-u),",
            "                             u = a_i . x + b_i",
            "  centres.npy     (n, d)     gaussian: phi = exp(-alpha/2 |x - centre_i|^2)",
            "  target_T.npy    (d, d, d)  f(x) = sum T[p,q,r] x_p x_q x_r, T symmetric",
            "  target_a.npy    (d, d, d)  the raw coefficients a, T = sym(a)/d",
            "  layout.json                step, t, C_f, alpha, formulas, shapes",
            "  with --test-points:",
            "  x_test.npy      (M, d)     the run's held-out test set",
            "  f_test.npy      (M,)       f at x_test (double precision)",
            "  fn_test.npy     (M,)       f_n at x_test (double precision)",
            "where f_n(x) = (1/n) sum_i c_i phi(x; z_i).",
            "%nCheck an export with NumPy:",
            "  /usr/bin/python3 scripts/evaluate_export.py RUN/export"})
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "The run folder (with config.json and checkpoint.bin).")
    Path run;

    @Option(names = {"-o", "--out"}, paramLabel = "FOLDER",
            description = "Where to write the files: a new or empty folder. Default: RUN/" + Exporter.DEFAULT_FOLDER + ".")
    Path out;

    @Option(names = "--test-points", description = "Also write the run's held-out test set, with f and f_n at its points "
            + "(x_test.npy, f_test.npy, fn_test.npy).")
    boolean testPoints;

    @Override
    public Integer call() throws Exception {
        // Everything is checked before anything is written.
        RunState state = RunState.load(run);
        Path folder = out != null ? out : run.resolve(Exporter.DEFAULT_FOLDER);
        Exporter.requireFree(folder, out != null ? "--out" : null);
        Exporter.Result result = Exporter.export(state, folder, testPoints);

        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "exported %s (%s, d = %d, n = %d) at step %d, t = %g: %s%n", run,
                state.config().unit(), state.config().d(), state.config().n(), state.checkpoint().step(),
                state.checkpoint().t(), state.describe());
        // The checkpoint is replaced whole, so what was read is one consistent state even mid-run.
        FolderLock.writer(run).ifPresent(writer -> stdout.printf(Locale.ROOT, "the run is still running (%s): "
                + "this is its last checkpoint, not its end%n", writer));
        stdout.printf(Locale.ROOT, "into %s: %s%n", result.folder(), String.join(" ", result.files()));
        if (testPoints) {
            stdout.printf(Locale.ROOT, "test loss %.6g (loss/C_f = %.4g) at the %d test points, f_n from the "
                    + "exported particles in double precision%n", result.testLoss(),
                    result.testLoss() / result.cf(), state.config().testSize());
        }
        return 0;
    }
}
