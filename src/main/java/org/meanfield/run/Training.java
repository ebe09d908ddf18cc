package org.meanfield.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.meanfield.dynamics.DynamicsKind;
import org.meanfield.engine.EngineProvider;
import org.meanfield.observe.EvaluationProbe;
import org.meanfield.observe.JfrProfile;
import org.meanfield.observe.LossEstimate;
import org.meanfield.observe.StepProbe;

/**
 * A training run from start to end: writes {@code config.json}, steps the dynamics, evaluates the
 * held-out loss every {@code evalEvery} steps into {@code metrics.csv} (written by the log's own
 * thread), and writes {@code summary.json} with the step and phase time percentiles. Stops with a
 * {@link DivergenceException} at the first non-finite loss.
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

    /** Runs {@code config} into the existing, empty folder {@code folder}. */
    public static Summary run(RunConfig config, Path folder, EngineProvider provider, Listener listener)
            throws IOException {
        return run(config, folder, provider, listener, false);
    }

    /**
     * Runs {@code config} into the existing, empty folder {@code folder}; with {@code profile}, also
     * records the run with JFR (settings {@code meanfield.jfc}) into {@value #PROFILE_FILE} there.
     */
    @SuppressWarnings("try") // the recording is only opened and closed around the run
    public static Summary run(RunConfig config, Path folder, EngineProvider provider, Listener listener,
            boolean profile) throws IOException {
        // Resources close in reverse: the simulation stops before the recording is written.
        try (JfrProfile recording = profile ? JfrProfile.start(folder.resolve(PROFILE_FILE)) : null;
                Simulation sim = new Simulation(config, provider)) {
            String engineLine = sim.engine().kernel() + " engine, " + config.threads() + " thread(s); auto would pick the "
                    + provider.reason();
            Json.write(folder.resolve("config.json"), describe(config, sim, engineLine));
            StepProbe probe = labelledProbe(sim);
            EvaluationProbe evaluation = new EvaluationProbe(probe.timings());
            listener.started(config, engineLine);
            long start = System.nanoTime();
            MetricsRow last;
            // The loop does no I/O: rows go through the log's ring to its writer thread.
            try (MetricsLog log = new MetricsLog(folder.resolve("metrics.csv"))) {
                last = evaluate(sim, evaluation, 0, Double.NaN, start);
                log.append(last);
                listener.evaluated(last);
                double batchSum = 0;
                long batchCount = 0;
                for (long step = 0; step < config.steps(); step++) {
                    double batchLoss = sim.stepper().step(step);
                    if (!Double.isFinite(batchLoss)) {
                        throw new DivergenceException(String.format(java.util.Locale.ROOT,
                                "diverged: batch loss is %s at step %d (t = %.6g); lower --dt (now %g)",
                                batchLoss, step, step * config.dt(), config.dt()));
                    }
                    batchSum += batchLoss;
                    batchCount++;
                    listener.stepped(step + 1, batchLoss);
                    if ((step + 1) % config.evalEvery() == 0 || step + 1 == config.steps()) {
                        last = evaluate(sim, evaluation, step + 1, batchSum / batchCount, start);
                        log.append(last);
                        listener.evaluated(last);
                        batchSum = 0;
                        batchCount = 0;
                    }
                }
            }
            double wall = (System.nanoTime() - start) * 1e-9;
            Summary summary = new Summary(last.testLoss(), last.testLossSe(), last.relativeLoss(), sim.target().cf(),
                    config.steps(), config.time(), wall, config.steps() / wall, sim.engine().kernel(),
                    probe.timings().summary());
            Json.write(folder.resolve("summary.json"), summary);
            return summary;
        }
    }

    /** The simulation's step probe, its JFR step events labelled with the run's parameters. */
    static StepProbe labelledProbe(Simulation sim) {
        RunConfig config = sim.config();
        int points = config.dynamics() == DynamicsKind.SGD ? config.batch() : config.sample();
        StepProbe probe = sim.stepper().probe();
        probe.describeRun(config.d(), config.n(), points, config.unit().label(), sim.engine().kernel());
        return probe;
    }

    private static MetricsRow evaluate(Simulation sim, EvaluationProbe probe, long step, double batchLoss,
            long start) {
        probe.begin();
        LossEstimate estimate = sim.testLoss().estimate(sim.engine());
        probe.end(step, estimate.loss(), estimate.standardError(), estimate.relative());
        if (!Double.isFinite(estimate.loss())) {
            throw new DivergenceException(String.format(java.util.Locale.ROOT,
                    "diverged: test loss is %s at step %d (t = %.6g); lower --dt (now %g)", estimate.loss(), step,
                    step * sim.config().dt(), sim.config().dt()));
        }
        return new MetricsRow(step, step * sim.config().dt(), batchLoss, estimate.loss(), estimate.standardError(),
                estimate.relative(), (System.nanoTime() - start) * 1e-9);
    }

    /** The config with what was resolved at run time: C_f, the engine, the JVM, the conventions. */
    private static ObjectNode describe(RunConfig config, Simulation sim, String engineLine) {
        ObjectNode node = Json.MAPPER.valueToTree(config);
        node.put("time", config.time());
        node.put("learning_rate", config.n() * config.dt());
        node.put("cf", sim.target().cf());
        node.put("kernel_used", sim.engine().kernel());
        node.put("engine", engineLine);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("jdk", System.getProperty("java.version"));
        environment.put("vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        environment.put("os_arch", System.getProperty("os.arch"));
        environment.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        node.set("environment", Json.MAPPER.valueToTree(environment));
        Map<String, String> conventions = new LinkedHashMap<>();
        conventions.put("init", "a ~ N(0, I/d), b ~ N(0, 1), gaussian centres uniform on the sphere, "
                + (config.sigmaC() > 0 ? "c ~ N(0, sigma_c^2)" : "c = 0"));
        conventions.put("domain", "sphere of radius sqrt(d), uniform measure");
        conventions.put("loss", "(1/2) mean (f - f_n)^2 on test_size fresh points drawn from target_seed");
        conventions.put("time", "mean-field time t = steps * dt; learning rate = n * dt");
        node.set("conventions", Json.MAPPER.valueToTree(conventions));
        return node;
    }
}
