package org.meanfield.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.meanfield.config.Params;
import org.meanfield.config.RunConfig;
import org.meanfield.config.Schedule;
import org.meanfield.config.RunFingerprint;
import org.meanfield.dynamics.DynamicsKind;
import org.meanfield.engine.EngineProvider;
import org.meanfield.folder.Checkpoint;
import org.meanfield.folder.ConfigFile;
import org.meanfield.folder.Json;
import org.meanfield.folder.MetricsLog;
import org.meanfield.folder.MetricsRow;
import org.meanfield.folder.RunFolders;
import org.meanfield.folder.Summary;
import org.meanfield.folder.TailLoss;
import org.meanfield.observe.EvaluationProbe;
import org.meanfield.observe.JfrProfile;
import org.meanfield.observe.StepProbe;

/**
 * A training run from start to end, or from a checkpoint to the end: writes {@code checkpoint.bin}
 * and {@code config.json}, steps the dynamics, evaluates the held-out loss every {@code evalEvery}
 * steps into {@code metrics.csv} (written by the log's own thread), checkpoints as often as asked,
 * and at the end writes a last checkpoint and {@code summary.json} with the step and phase time
 * percentiles.
 *
 * <p>Runs end early in three ways, none of which writes summary.json (it exists only for a complete
 * run): a {@link DivergenceException} at the first non-finite loss or particle, which keeps the last
 * good checkpoint; a {@link RunStoppedException} when the {@link StopSignal} is raised, after a
 * checkpoint of the current step; and an {@link IOException} when a file cannot be written. In each
 * case the metrics rows measured so far are flushed to metrics.csv, and the run can be resumed from
 * its checkpoint ({@link #resume}) to the same numbers, bit for bit, as a run never interrupted.
 */
public final class Training {
    /** The JFR recording of a profiled run, in its folder. */
    public static final String PROFILE_FILE = "profile.jfr";

    /** Hears about a run as it goes; all methods are called on the training thread. */
    public interface Listener {
        /** Before the first step. */
        default void started(RunConfig config, String engineLine) {
        }

        /** After each step; cheap calls only. */
        default void stepped(long step, double batchLoss) {
        }

        /** After each evaluation. */
        default void evaluated(MetricsRow row) {
        }
    }

    private Training() {
    }

    /** Runs {@code config} into the existing folder {@code folder}, which holds no run, with default options. */
    public static Summary run(RunConfig config, Path folder, EngineProvider provider, Listener listener)
            throws IOException {
        return run(config, folder, provider, listener, TrainingOptions.defaults());
    }

    /**
     * Runs {@code config} into the existing folder {@code folder}, which holds no run; with
     * {@code profile}, also records the run with JFR (settings {@code meanfield.jfc}) into
     * {@value #PROFILE_FILE} there.
     */
    public static Summary run(RunConfig config, Path folder, EngineProvider provider, Listener listener,
            boolean profile) throws IOException {
        TrainingOptions defaults = TrainingOptions.defaults();
        return run(config, folder, provider, listener,
                new TrainingOptions(profile, defaults.checkpointEvery(), defaults.stop()));
    }

    /** Runs {@code config} into the existing folder {@code folder}, which holds no run. */
    public static Summary run(RunConfig config, Path folder, EngineProvider provider, Listener listener,
            TrainingOptions options) throws IOException {
        return execute(config, folder, null, provider, listener, options);
    }

    /**
     * Continues the run in {@code resume.folder()} from its checkpoint up to {@code resume.config()}'s
     * steps: metrics.csv is cut back to what the checkpoint recorded and continued, config.json is
     * rewritten with the config as it continues, and a summary.json of an earlier end is removed. A
     * run stopped before its first checkpoint (no checkpoint, no metrics) starts again from step 0.
     *
     * @throws CheckpointException before anything is written, if the checkpoint was written by
     *     another engine than this JVM uses (the rest {@link Resume#load} checked)
     */
    public static Summary resume(Resume resume, EngineProvider provider, Listener listener, TrainingOptions options)
            throws IOException {
        return execute(resume.config(), resume.folder(), resume.checkpoint(), provider, listener, options);
    }

    /** A fresh run when {@code from} is null, otherwise a continuation of {@code from}. */
    @SuppressWarnings("try") // the recording is only opened and closed around the run
    private static Summary execute(RunConfig config, Path folder, Checkpoint from, EngineProvider provider,
            Listener listener, TrainingOptions options) throws IOException {
        // Resources close in reverse: the simulation stops before the recording is written.
        try (JfrProfile recording = options.profile() ? JfrProfile.start(folder.resolve(PROFILE_FILE)) : null;
                Simulation sim = new Simulation(config, provider)) {
            RunFingerprint run = RunFingerprint.of(config, sim.kernel(), sim.target());
            Path checkpointFile = folder.resolve(RunFolders.CHECKPOINT);
            if (from != null) {
                // Resume.load checked all but the engine, which it takes from the checkpoint.
                from.requireRun(RunFingerprint.of(Resume.asCheckpointed(config, from), sim.kernel(), sim.target()),
                        checkpointFile);
                // Checked: from here on the folder changes.
                sim.restore(from);
                Files.deleteIfExists(folder.resolve(RunFolders.SUMMARY));
            }
            String engineLine = sim.kernel() + " engine, " + config.threads() + " thread(s); auto would pick the "
                    + provider.reason();
            ConfigFile.write(folder, config, resolved(config, sim, engineLine));
            CheckpointWriter checkpoints = new CheckpointWriter(checkpointFile, sim, run, options.checkpointEvery(),
                    from == null ? 0 : from.step());
            if (from == null) {
                // Before metrics.csv exists: a folder with metrics rows always has a checkpoint, and one
                // without a checkpoint has nothing to lose by starting again (see Resume.load).
                checkpoints.write(0, 0, 0, MetricsLog.Position.EMPTY, 0);
            }
            StepProbe probe = labelledProbe(sim);
            listener.started(config, engineLine);
            long sessionStart = System.nanoTime();
            // wall_s goes on from the checkpoint's: the run's clock started that long before this session.
            long clock = sessionStart - (from == null ? 0 : Math.round(from.wallSeconds() * 1e9));
            Path metricsFile = folder.resolve(RunFolders.METRICS);
            StepLoop loop;
            boolean complete;
            try (MetricsLog log = from == null ? new MetricsLog(metricsFile) : MetricsLog.resume(metricsFile, from.metrics())) {
                loop = new StepLoop(sim, log, checkpoints, new EvaluationProbe(probe.timings()), listener, clock, from);
                complete = loop.run(options.stop());
            }
            if (!complete) {
                throw new RunStoppedException(loop.step(), config.schedule().timeAt(loop.step()), folder);
            }
            MetricsRow last = loop.last();
            long sessionSteps = config.steps() - (from == null ? 0 : from.step());
            Summary summary = new Summary(last, TailLoss.of(metricsFile, sim.target().cf()), sim.target().cf(),
                    config.steps(), config.time(), loop.seconds(), sessionSteps / ((System.nanoTime() - sessionStart) * 1e-9),
                    sim.kernel(), probe.timings().summary());
            Json.write(folder.resolve(RunFolders.SUMMARY), summary);
            return summary;
        }
    }

    /** The simulation's step probe, its JFR step events labelled with the run's parameters. */
    static StepProbe labelledProbe(Simulation sim) {
        RunConfig config = sim.config();
        int points = switch (config.dynamics()) {
            case SGD -> config.schedule().largest(Params.BATCH);
            case GD -> config.schedule().largest(Params.SAMPLE);
            case EXACT, FLOW -> 0;
        };
        StepProbe probe = sim.dynamics().probe();
        probe.describeRun(config.d(), config.n(), points, config.unit().label(), sim.kernel());
        return probe;
    }

    /** The phases as they run: each one's steps, start time, dt, temperature and batch or sample size. */
    private static ArrayNode schedule(RunConfig config) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (Schedule.Phase phase : config.schedule().phases()) {
            RunConfig own = phase.config();
            ObjectNode node = list.addObject();
            node.put("phase", phase.index());
            node.put("start_step", phase.start());
            node.put("steps", phase.steps());
            node.put("start_t", phase.timeAt(phase.start()));
            node.put("dt", own.dt());
            node.put("temperature", own.temperature());
            switch (own.dynamics()) {
                case SGD -> node.put("batch", own.batch());
                case GD -> node.put("sample", own.sample());
                default -> { }
            }
        }
        return list;
    }

    /** What was resolved at run time, for config.json after the parameters: C_f, the engine, the JVM, the conventions. */
    private static ObjectNode resolved(RunConfig config, Simulation sim, String engineLine) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("time", config.time());
        node.put("learning_rate", config.n() * config.dt());
        node.set("schedule", schedule(config));
        node.put("cf", sim.target().cf());
        node.put("kernel_used", sim.kernel());
        node.put("engine", engineLine);
        ObjectNode environment = node.putObject("environment");
        environment.put("jdk", System.getProperty("java.version"));
        environment.put("vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        environment.put("os_arch", System.getProperty("os.arch"));
        environment.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        ObjectNode conventions = node.putObject("conventions");
        conventions.put("init", "a ~ N(0, I/d), b ~ N(0, 1), gaussian centres uniform on the sphere, "
                + (config.sigmaC() > 0 ? "c ~ N(0, sigma_c^2)" : "c = 0"));
        conventions.put("domain", "sphere of radius sqrt(d), uniform measure");
        conventions.put("loss", config.dynamics() == DynamicsKind.EXACT
                ? "exact population loss (1/2) E_nu (f - f_n)^2 in closed form (standard error 0)"
                : "(1/2) mean (f - f_n)^2 on test_size fresh points drawn from target_seed");
        conventions.put("batch_loss", switch (config.dynamics()) {
            case SGD -> "mean over the steps since the previous row of the batch loss (1/2) mean_batch (f - f_n)^2";
            case GD -> "mean over the steps since the previous row of the sample loss (1/2) mean_sample (f - f_n)^2";
            case EXACT -> "mean over the steps since the previous row of the exact loss";
            case FLOW -> "mean over the steps since the previous row of the flow's energy E_H - ||f||_H^2 / 2 "
                    + "= -(1/n) sum c_i f(y_i) + (1/2n^2) sum c_i c_j phi(y_i, y_j), which the flow descends";
        });
        conventions.put("time", "mean-field time t: the sum of the steps' dt (steps * dt in a run of one dt); "
                + "learning rate = n * dt");
        return node;
    }
}
