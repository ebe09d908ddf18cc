package org.meanfield.run;

import java.util.List;

import org.meanfield.config.Param;
import org.meanfield.config.Params;
import org.meanfield.config.RunConfig;
import org.meanfield.config.Schedule;
import org.meanfield.config.SizeExpression;
import org.meanfield.dynamics.Dynamics;
import org.meanfield.dynamics.DynamicsKind;
import org.meanfield.dynamics.SystemStepper;
import org.meanfield.dynamics.FixedSampler;
import org.meanfield.dynamics.FreshSampler;
import org.meanfield.dynamics.PhasePlan;
import org.meanfield.dynamics.Sampler;
import org.meanfield.dynamics.Stepper;
import org.meanfield.engine.Engine;
import org.meanfield.engine.EngineProvider;
import org.meanfield.engine.ParticleSystem;
import org.meanfield.engine.TargetEvaluator;
import org.meanfield.exact.ExactGaussianSystem;
import org.meanfield.exact.ExactSystem;
import org.meanfield.exact.ReferenceExactSystem;
import org.meanfield.flow.FlowSystem;
import org.meanfield.flow.KernelFlowSystem;
import org.meanfield.flow.ReferenceKernelFlowSystem;
import org.meanfield.folder.Checkpoint;
import org.meanfield.model.GaussianUnit;
import org.meanfield.model.Particles;
import org.meanfield.model.Rng;
import org.meanfield.model.SeedStreams;
import org.meanfield.model.ThreeSpinTarget;
import org.meanfield.model.Unit;
import org.meanfield.observe.LossEstimate;
import org.meanfield.observe.LossMeter;
import org.meanfield.observe.TestSetLoss;

/**
 * Everything a run is made of, built from its config: the target and unit, the {@link Dynamics}
 * that steps a {@link ParticleSystem}, and the {@link LossMeter} that measures the loss at
 * evaluations. SGD and GD step an {@link Engine} on sampled points and measure the loss on a
 * held-out test set; exact dynamics step an {@link ExactSystem} and measure the exact population
 * loss; the kernel flow steps a {@link FlowSystem} and measures the test-set loss of its particles.
 */
public final class Simulation implements AutoCloseable {
    private final RunConfig config;
    private final ThreeSpinTarget target;
    private final Unit unit;
    private final Dynamics dynamics;
    private final LossMeter loss;
    /** The engine that evaluates f_n for a dynamics that steps another system (the flow); null otherwise. */
    private final Engine lossEngine;

    /** Builds the pieces of {@code config}; the engine is chosen by {@code provider}. */
    public Simulation(RunConfig config, EngineProvider provider) {
        this.config = config;
        this.target = new ThreeSpinTarget(config.d(), config.targetSeed());
        this.unit = Unit.of(config.unit(), config.alpha());
        Particles initial = Particles.initialise(unit, config.n(), config.d(), config.sigmaC(),
                new Rng(SeedStreams.initialisation(config.seed(), config.n())));
        long noiseSeed = SeedStreams.noise(config.seed(), config.n());
        Schedule schedule = config.schedule();
        PhasePlan plan = plan(schedule);
        if (config.dynamics() == DynamicsKind.EXACT) {
            ExactSystem system = exactSystem(provider, initial);
            this.dynamics = new SystemStepper(system, plan, noiseSeed);
            this.lossEngine = null;
            double cf = target.cf();
            this.loss = () -> {
                double exact = system.loss();
                return new LossEstimate(exact, 0, exact / cf);
            };
            return;
        }
        Engine engine = provider.create(config.kernel(), unit, config.d(), initial, config.threads());
        TargetEvaluator evaluator = engine.targetEvaluator(target);
        TestSetLoss testSet = new TestSetLoss(target, evaluator, config.testSize(), SeedStreams.testSet(config.targetSeed()));
        if (config.dynamics() == DynamicsKind.FLOW) {
            // The flow moves its own particles; the engine evaluates f_n from a copy at each evaluation.
            FlowSystem system = flowSystem(provider, initial);
            this.dynamics = new SystemStepper(system, plan, noiseSeed);
            this.lossEngine = engine;
            Particles copy = initial.copy();
            this.loss = () -> {
                system.read(copy);
                engine.write(copy);
                return testSet.estimate(engine);
            };
            return;
        }
        Sampler sampler = config.dynamics() == DynamicsKind.SGD
                ? new FreshSampler(target, evaluator, sizes(schedule, Params.BATCH), SeedStreams.batches(config.seed(), config.n()))
                : new FixedSampler(target, evaluator, sizes(schedule, Params.SAMPLE),
                        SeedStreams.fixedSample(config.seed(), config.n()));
        this.dynamics = new Stepper(engine, sampler, plan, noiseSeed);
        this.lossEngine = null;
        this.loss = () -> testSet.estimate(engine);
    }

    /** The flow for the kernel choice: the SIMD system, or the scalar reference. */
    private FlowSystem flowSystem(EngineProvider provider, Particles initial) {
        GaussianUnit gaussian = (GaussianUnit) unit; // the config's check: flow needs gaussian units
        return provider.useVector(config.kernel())
                ? new KernelFlowSystem(target, gaussian, config.d(), initial, config.threads())
                : new ReferenceKernelFlowSystem(target, gaussian, config.d(), initial, config.threads());
    }

    /** Each phase's end, dt and temperature, as the dynamics steps them. */
    private static PhasePlan plan(Schedule schedule) {
        List<Schedule.Phase> phases = schedule.phases();
        long[] ends = new long[phases.size()];
        double[] dt = new double[ends.length];
        double[] temperature = new double[ends.length];
        for (int k = 0; k < ends.length; k++) {
            ends[k] = phases.get(k).end();
            dt[k] = phases.get(k).config().dt();
            temperature[k] = phases.get(k).config().temperature();
        }
        return new PhasePlan(ends, dt, temperature);
    }

    /** Each phase's batch or sample size. */
    private static int[] sizes(Schedule schedule, Param<SizeExpression> size) {
        return schedule.phases().stream().mapToInt(phase -> phase.config().get(size).value(phase.config().n())).toArray();
    }

    /** The exact system for the kernel choice: the tables and SIMD pair kernels, or the scalar reference. */
    private ExactSystem exactSystem(EngineProvider provider, Particles initial) {
        if (!(unit instanceof GaussianUnit gaussian)) {
            throw new IllegalArgumentException("--dynamics exact needs --unit gaussian, got " + config.unit());
        }
        return provider.useVector(config.kernel())
                ? new ExactGaussianSystem(target, gaussian, config.d(), initial, config.threads())
                : new ReferenceExactSystem(target, gaussian, config.d(), initial, config.threads());
    }

    public RunConfig config() {
        return config;
    }

    public ThreeSpinTarget target() {
        return target;
    }

    public Unit unit() {
        return unit;
    }

    /** The time stepping, whichever the dynamics. */
    public Dynamics dynamics() {
        return dynamics;
    }

    /** The implementation that steps the particles, as checkpoints and config.json name it. */
    public String kernel() {
        return dynamics.system().label();
    }

    /**
     * The loss of the current particles: on the held-out test set for sampled dynamics, the exact
     * population loss (standard error 0) for exact dynamics.
     */
    public LossEstimate evaluate() {
        return loss.measure();
    }

    /** A copy of the current particles. */
    public Particles particles() {
        Particles out = new Particles(config.n(), unit.zDim(config.d()));
        dynamics.system().read(out);
        return out;
    }

    /** Copies the current particles into {@code out} (n by zDim), for checkpoints without allocating. */
    public void readParticles(Particles out) {
        dynamics.system().read(out);
    }

    /**
     * Puts the simulation in the state {@code checkpoint} recorded: particles and the sampler's
     * generator. The caller has checked that the checkpoint belongs to this run. The vector engine's
     * float32 particles round-trip exactly: they were widened to double when read.
     */
    public void restore(Checkpoint checkpoint) {
        dynamics.system().write(checkpoint.particles());
        dynamics.restore(checkpoint.samplerState());
    }

    @Override
    public void close() {
        dynamics.system().close();
        if (lossEngine != null) {
            lossEngine.close();
        }
    }
}
