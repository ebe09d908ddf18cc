package org.meanfield.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.meanfield.config.MemoryEstimate;
import org.meanfield.config.Param;
import org.meanfield.config.ParamTable;
import org.meanfield.config.Params;
import org.meanfield.config.Phases;
import org.meanfield.config.RunConfig;
import org.meanfield.config.Schedule;
import org.meanfield.dynamics.DynamicsKind;
import org.meanfield.engine.EngineProvider;
import org.meanfield.folder.CheckpointException;
import org.meanfield.folder.CheckpointFormat;
import org.meanfield.folder.FileWriteException;
import org.meanfield.folder.FolderLock;
import org.meanfield.folder.MetricsRow;
import org.meanfield.folder.RunFolders;
import org.meanfield.folder.Summary;
import org.meanfield.observe.TimingTable;
import org.meanfield.run.CheckpointInterval;
import org.meanfield.run.LossRises;
import org.meanfield.run.Resume;
import org.meanfield.run.RunStoppedException;
import org.meanfield.run.StopSignal;
import org.meanfield.run.Training;
import org.meanfield.run.TrainingOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code meanfield train}: one training run into a run folder. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = TrainCommand.RunOptions.class,
        description = {"Train a network of n particles on the spherical 3-spin target and write a run folder "
                + "(config.json, metrics.csv, checkpoint.bin, summary.json).",
            "With no options: d = 25, n = 512 ReLU units, SGD with P = 64 and dt = 0.05 up to t = 3000 (60000 steps, under a minute on 2 cores).",
            "Ctrl-C (SIGINT) or SIGTERM stops a run after a last checkpoint; --resume continues it to the same numbers.",
            "A run may go in phases, each with its own batch (or sample), dt and temperature, e.g. the study's SGD "
                + "with P = n/5 then a quench at P = (n/5)^2: --phase steps=2000000,batch=n/5 --phase steps=200000,batch=(n/5)^2 "
                + "(sizes are expressions in n, floored, at least 1; ceil(...) rounds up). metrics.csv gives each row's "
                + "phase; --resume --steps N lengthens the last phase, and --resume with the run's phases, its last "
                + "given a length, followed by more, goes on into those (a finished run branches into a new phase)."})
public final class TrainCommand implements Callable<Integer> {
    /** How long a shutdown waits for the run to save its state before the JVM exits anyway. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--out"}, description = "Run folder. Default: runs/<unit>-d<d>-n<n>-<dynamics>-<time stamp>.")
    Path out;

    @Option(names = "--checkpoint-every", paramLabel = "STEPS|SECONDSs", converter = IntervalConverter.class,
            description = "Write checkpoint.bin every so many steps (500) or seconds of wall time (60s); the last step "
                    + "is always checkpointed. Default: ${DEFAULT-VALUE}.")
    CheckpointInterval checkpointEvery = CheckpointInterval.DEFAULT;

    @Option(names = "--resume", paramLabel = "FOLDER",
            description = "Continue the run in FOLDER from its checkpoint.bin, with the options in its config.json. "
                    + "Only --threads, --steps or --time (to extend the run: its last phase), --checkpoint-every, --quiet "
                    + "and --profile may differ (and --phase: the run's own phases, with a longer last phase or with more "
                    + "phases after it); --out may not be given.")
    Path resume;

    @Option(names = {"-q", "--quiet"}, description = "No progress display.")
    boolean quiet;

    @Option(names = "--profile", description = "Record the run with Java Flight Recorder into profile.jfr in the run folder "
            + "(method and allocation samples, GC, one event per step; settings profiles/meanfield.jfc).")
    boolean profile;

    /** Adds an option for each run parameter of {@link Params#RUN} when picocli builds the command. */
    static final class RunOptions implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            ParamOptions.addTo(command, Params.RUN);
            return command;
        }
    }

    /** The values given on the command line for the run parameters. */
    private ParamTable.Given given() {
        return ParamOptions.given(spec.commandLine().getParseResult(), Params.RUN);
    }

    @Override
    public Integer call() throws Exception {
        // Everything is validated before anything is written; the folder's lock is held to the end.
        if (resume != null) {
            if (out != null) {
                throw new IllegalArgumentException("--out cannot be given with --resume: the run continues in " + resume);
            }
            Resume.readConfig(resume); // a run folder, before its lock file is made
            try (FolderLock lock = RunFolders.claimRun(resume)) {
                Resume from = resumable();
                try {
                    return train(from.config(), from.folder(), from);
                } catch (IOException e) {
                    throw kept(e, resume);
                }
            }
        }
        RunConfig config = validated(given().resolve());
        Path folder = (out != null ? out : RunFolders.defaultFolder(config)).normalize();
        boolean existed = Files.exists(folder);
        FolderLock lock = RunFolders.claimNewRun(folder, "--out");
        try {
            return train(config, folder, null);
        } catch (IOException e) {
            if (!Files.exists(folder.resolve(RunFolders.CHECKPOINT))) {
                // Failed before its first checkpoint (a full disk, say): nothing worth keeping.
                lock.close();
                lock = null;
                RunFolders.removeUnstartedRun(folder, !existed);
                throw new FileWriteException(e.getMessage() + "; nothing of the run was kept", e);
            }
            throw kept(e, folder);
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }

    /** {@code e}, saying what the run folder kept: its last checkpoint and the metrics rows up to it. */
    private static IOException kept(IOException e, Path folder) {
        if (e instanceof CheckpointException) {
            return e; // refused before anything was written
        }
        try {
            long step = CheckpointFormat.read(folder.resolve(RunFolders.CHECKPOINT)).step();
            return new FileWriteException(e.getMessage() + "; " + folder + " keeps its checkpoint of step " + step
                    + " and the metrics up to it: continue with --resume " + folder + " once the cause is fixed", e);
        } catch (CheckpointException unreadable) {
            return e;
        }
    }

    /** {@code config}, checked to be valid and to fit this JVM's heap. */
    private static RunConfig validated(RunConfig config) {
        List<String> problems = config.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0));
        }
        String memory = MemoryEstimate.problem(config, Runtime.getRuntime().maxMemory());
        if (memory != null) {
            throw new IllegalArgumentException(memory);
        }
        return config;
    }

    /**
     * The run in --resume's folder, as it will continue: its config.json with the options a resume
     * may change, and its checkpoint, checked against its metrics.csv. Reads only.
     */
    private Resume resumable() throws IOException {
        RunConfig stored = Resume.readConfig(resume);
        ParamTable.Given given = given();
        // Phases after the run's own go on from where it ends (its last phase given a length).
        boolean appended = given.has(Params.PHASES)
                && given.resolve().get(Params.PHASES).appendsTo(stored.get(Params.PHASES));
        Phases phases = appended ? given.resolve().get(Params.PHASES) : stored.get(Params.PHASES);
        for (Param<?> param : Params.RUN.params()) {
            Param.Role role = param.role();
            if ((role == Param.Role.TRAJECTORY || role == Param.Role.FIXED) && given.has(param)
                    && !(appended && param == Params.PHASES)) {
                String value = given.resolve().text(param);
                if (!value.equals(stored.text(param))) {
                    throw new IllegalArgumentException(param.option() + " " + value + " contradicts the run in " + resume
                            + ", which has " + stored.text(param) + "; with --resume only --threads, --steps/--time, "
                            + "--checkpoint-every, --quiet and --profile may change");
                }
            }
        }
        // The length and the threads as given, converted with the run's own dt; the rest as stored.
        RunConfig continued = stored.with(Params.PHASES, phases.withoutLastLength());
        if (given.has(Params.STEPS)) {
            // --time converts with the run's own dt and phases: it says where the last phase ends.
            continued = continued.withSteps(given.set(Params.DT, stored.dt()).set(Params.PHASES, phases)
                    .resolve().steps());
        } else if (given.has(Params.PHASES) && given.resolve().get(Params.PHASES).lastLength() != null) {
            // The run's own phases (checked above) with a length for the last one: where it now ends.
            continued = continued.withSteps(given.set(Params.DT, stored.dt()).resolve().steps());
        }
        if (given.has(Params.THREADS)) {
            continued = continued.withThreads(given.resolve().threads());
        }
        RunConfig config = validated(continued);
        Resume loaded = Resume.load(resume, config);
        RunFolders.requireWritable(resume, "--resume");
        return loaded;
    }

    /** Runs (or continues, when {@code from} is not null) {@code config} in {@code folder} and reports. */
    @SuppressWarnings("try") // the shutdown hook is only installed and removed around the run
    private Integer train(RunConfig config, Path folder, Resume from) throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        StopSignal stop = new StopSignal();
        stop.onParentExit();
        TrainingOptions options = new TrainingOptions(profile, checkpointEvery, stop);
        EngineProvider provider = EngineProvider.detect();
        Summary summary;
        try (StopSignal.ShutdownHook hook = stop.onShutdown(SHUTDOWN_GRACE);
                Progress progress = new Progress(config, stderr, quiet)) {
            if (from != null && !quiet) {
                long step = from.checkpoint() == null ? 0 : from.checkpoint().step();
                stderr.printf(Locale.ROOT, "meanfield: resuming %s at step %d of %d (t = %g)%s%n", folder, step,
                        config.steps(), config.schedule().timeAt(step), from.checkpoint() == null
                                ? ": it was stopped before its first checkpoint, so it starts again" : "");
            }
            try {
                summary = from == null ? Training.run(config, folder, provider, progress, options)
                        : Training.resume(from, provider, progress, options);
            } catch (RunStoppedException e) {
                // Reported before the hook is released: once it is, a shutting-down JVM exits.
                stderr.println("meanfield: " + e.getMessage());
                stderr.flush();
                return Main.INTERRUPTED;
            }
        }
        stdout.printf(Locale.ROOT, "final test loss %.6g +- %.2g (loss/C_f = %.4g, C_f = %.4g) at t = %g after %d steps%n",
                summary.finalTestLoss(), summary.finalTestLossSe(), summary.finalTestLossOverCf(), summary.cf(),
                summary.t(), summary.steps());
        stdout.printf(Locale.ROOT, "mean test loss over t >= %g: %.6g (loss/C_f = %.4g; %d rows, spread %.2g)%n",
                summary.tailFromT(), summary.tailTestLoss(), summary.tailTestLossOverCf(), summary.tailRows(),
                summary.tailSpread());
        warnIfUnstable(config, folder.resolve(RunFolders.METRICS), stderr);
        stdout.printf(Locale.ROOT, "%.1f s, %.0f steps/s, %s engine; run folder %s%n", summary.wallSeconds(),
                summary.stepsPerSecond(), summary.kernel(), folder);
        stdout.print(TimingTable.format(summary.timings(), "  "));
        if (profile) {
            stdout.println("JFR recording " + folder.resolve(Training.PROFILE_FILE));
        }
        return 0;
    }

    /**
     * Warns when what a deterministic dynamics descends rose between evaluations: the exact loss, or
     * the flow's energy once the noise has stopped (a noisy flow may raise it).
     */
    private static void warnIfUnstable(RunConfig config, Path metrics, PrintWriter stderr) throws IOException {
        String what;
        LossRises rises;
        if (config.dynamics() == DynamicsKind.EXACT) {
            what = "the exact loss";
            rises = LossRises.exactLoss(metrics);
        } else if (config.dynamics() == DynamicsKind.FLOW) {
            // Quiet from the start of the phases that all have temperature 0 to the end.
            boolean noisy = false;
            double quietFrom = 0;
            for (Schedule.Phase phase : config.schedule().phases()) {
                if (phase.config().temperature() > 0) {
                    noisy = true;
                    quietFrom = phase.steps() > 0 ? Double.POSITIVE_INFINITY : quietFrom;
                } else if (quietFrom == Double.POSITIVE_INFINITY) {
                    quietFrom = phase.timeAt(phase.start());
                }
            }
            what = "the flow's energy (batch_loss)" + (noisy ? " after the noise stopped" : "");
            rises = LossRises.flowEnergy(metrics, quietFrom);
        } else {
            return;
        }
        if (rises.count() > 0) {
            stderr.printf(Locale.ROOT, "meanfield: warning: %s rose at %d evaluation(s), first at t = %g: the step is "
                    + "unstable there; lower --dt (now %g)%n", what, rises.count(), rises.firstT(), config.dt());
        }
    }

    /** Reads --checkpoint-every, with the accepted forms in the error message. */
    static final class IntervalConverter implements ITypeConverter<CheckpointInterval> {
        @Override
        public CheckpointInterval convert(String value) {
            try {
                return CheckpointInterval.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("must be " + CheckpointInterval.ACCEPTED + ", got '" + value + "'");
            }
        }
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
            String text = String.format(Locale.ROOT, "test loss %.4g (loss/C_f %.3g)", row.testLoss(), row.testLossOverCf());
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
