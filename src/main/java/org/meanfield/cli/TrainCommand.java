package org.meanfield.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.meanfield.dynamics.DynamicsKind;
import org.meanfield.engine.EngineProvider;
import org.meanfield.engine.KernelChoice;
import org.meanfield.model.UnitKind;
import org.meanfield.observe.TimingTable;
import org.meanfield.run.MetricsRow;
import org.meanfield.run.RunConfig;
import org.meanfield.run.RunFolders;
import org.meanfield.run.Summary;
import org.meanfield.run.Training;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meanfield train}: one training run into a run folder. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a network of n particles on the spherical 3-spin target and write a run folder "
                + "(config.json, metrics.csv, summary.json).",
            "With no options: d = 25, n = 512 ReLU units, SGD with P = 64 and dt = 0.05 up to t = 3000 (60000 steps, under a minute on 2 cores)."})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-d", "--dim"}, description = "Input dimension d (points on the sphere of radius sqrt(d)). Default: ${DEFAULT-VALUE}.")
    int d = 25;

    @Option(names = {"-n", "--particles"}, description = "Number of particles (hidden units) n. Default: ${DEFAULT-VALUE}.")
    int n = 512;

    @Option(names = "--unit", description = "Unit: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    UnitKind unit = UnitKind.RELU;

    @Option(names = "--alpha", description = "Width of gaussian units, exp(-alpha/2 |x-z|^2). Default: 1/d.")
    Double alpha;

    @Option(names = "--dynamics", description = "sgd (P fresh points a step) or gd (one fixed sample of M points). Default: ${DEFAULT-VALUE}.")
    DynamicsKind dynamics = DynamicsKind.SGD;

    @Option(names = {"-P", "--batch"}, description = "SGD batch size P. Default: ${DEFAULT-VALUE}.")
    int batch = 64;

    @Option(names = {"-M", "--sample"}, description = "GD sample size M. Default: ${DEFAULT-VALUE}.")
    int sample = 4096;

    @Option(names = "--dt", description = "Step in mean-field time (learning rate n*dt). Default: ${DEFAULT-VALUE}.")
    double dt = 0.05;

    @ArgGroup(exclusive = true)
    Length length = new Length();

    static final class Length {
        @Option(names = "--steps", description = "Number of steps.")
        Long steps;

        @Option(names = "--time", description = "Mean-field time to reach (steps = round(time/dt)). Default: 3000.")
        Double time;
    }

    @Option(names = "--temperature", description = "Langevin temperature 1/beta: adds sqrt(2 dt/beta) N(0,1) to every parameter each step. Default: ${DEFAULT-VALUE}.")
    double temperature = 0;

    @Option(names = "--seed", description = "Seed of the initialisation, batches, sample and noise. Default: ${DEFAULT-VALUE}.")
    long seed = 1;

    @Option(names = "--target-seed", description = "Seed of the 3-spin coefficients and the test set. Default: ${DEFAULT-VALUE}.")
    long targetSeed = 1;

    @Option(names = "--sigma-c", description = "Initial c_i ~ N(0, sigma_c^2); 0 starts from c_i = 0. Default: ${DEFAULT-VALUE}.")
    double sigmaC = 0;

    @Option(names = "--threads", description = "Worker threads; results do not depend on it. Default: all cores.")
    Integer threads;

    @Option(names = "--eval-every", description = "Steps between test-set evaluations. Default: steps/200.")
    Long evalEvery;

    @Option(names = "--test-size", description = "Points in the held-out test set. Default: ${DEFAULT-VALUE}.")
    int testSize = 4096;

    @Option(names = "--kernel", description = "Engine: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE} (vector where the Vector API runs).")
    KernelChoice kernel = KernelChoice.AUTO;

    @Option(names = {"-o", "--out"}, description = "Run folder. Default: runs/<unit>-d<d>-n<n>-<dynamics>-<time stamp>.")
    Path out;

    @Option(names = {"-q", "--quiet"}, description = "No progress display.")
    boolean quiet;

    @Option(names = "--profile", description = "Record the run with Java Flight Recorder into profile.jfr in the run folder "
            + "(method and allocation samples, GC, one event per step; settings profiles/meanfield.jfc).")
    boolean profile;

    /** The config these options describe, defaults resolved. */
    RunConfig config() {
        long steps;
        if (length.steps != null) {
            steps = length.steps;
        } else {
            double time = length.time != null ? length.time : 3000;
            if (!(time >= 0) || !Double.isFinite(time)) {
                throw new IllegalArgumentException("--time must be a finite number >= 0, got " + time);
            }
            steps = dt > 0 ? Math.round(time / dt) : 0;
        }
        long every = evalEvery != null ? evalEvery : Math.max(1, steps / 200);
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        double width = alpha != null ? alpha : 1.0 / Math.max(1, d);
        return new RunConfig(d, n, unit, width, dynamics, batch, sample, dt, steps, temperature, seed, targetSeed,
                sigmaC, workers, every, testSize, kernel);
    }

    @Override
    public Integer call() throws Exception {
        RunConfig config = config();
        List<String> problems = config.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0));
        }
        Path folder = out != null ? out : RunFolders.defaultFolder(config);
        RunFolders.prepare(folder);
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Summary summary;
        try (Progress progress = new Progress(config, stderr, quiet)) {
            summary = Training.run(config, folder, EngineProvider.detect(), progress, profile);
        }
        stdout.printf(Locale.ROOT, "final test loss %.6g +- %.2g (loss/C_f = %.4g, C_f = %.4g) at t = %g after %d steps%n",
                summary.finalTestLoss(), summary.finalTestLossSe(), summary.finalRelativeLoss(), summary.cf(),
                summary.t(), summary.steps());
        stdout.printf(Locale.ROOT, "%.1f s, %.0f steps/s, %s engine; run folder %s%n", summary.wallSeconds(),
                summary.stepsPerSecond(), summary.kernel(), folder);
        stdout.print(TimingTable.format(summary.timings(), "  "));
        if (profile) {
            stdout.println("JFR recording " + folder.resolve(Training.PROFILE_FILE));
        }
        return 0;
    }

    /** A progress bar on a terminal, a line every tenth of the run otherwise, nothing with --quiet. */
    private static final class Progress implements Training.Listener, AutoCloseable {
        private final RunConfig config;
        private final PrintWriter err;
        private final boolean quiet;
        private ProgressBar bar;
        private long nextLine;

        Progress(RunConfig config, PrintWriter err, boolean quiet) {
            this.config = config;
            this.err = err;
            this.quiet = quiet;
        }

        @Override
        public void started(RunConfig config, String engineLine) {
            if (quiet) {
                return;
            }
            err.println("meanfield: " + engineLine);
            if (System.console() != null) {
                bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(config.steps())
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).showSpeed().build();
            }
        }

        @Override
        public void stepped(long step, double batchLoss) {
            if (bar != null) {
                bar.stepTo(step);
            }
        }

        @Override
        public void evaluated(MetricsRow row) {
            if (quiet) {
                return;
            }
            String text = String.format(Locale.ROOT, "test loss %.4g (loss/C_f %.3g)", row.testLoss(), row.relativeLoss());
            if (bar != null) {
                bar.setExtraMessage(text);
            } else if (row.step() >= nextLine || row.step() == config.steps()) {
                err.printf(Locale.ROOT, "step %d/%d  t = %g  %s  %.1f s%n", row.step(), config.steps(), row.t(), text,
                        row.wallSeconds());
                nextLine = row.step() + Math.max(1, config.steps() / 10);
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
