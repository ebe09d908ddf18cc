package org.meanfield.run;

import org.meanfield.dynamics.FixedSampler;
import org.meanfield.dynamics.FreshSampler;
import org.meanfield.dynamics.Sampler;
import org.meanfield.dynamics.Stepper;
import org.meanfield.engine.Engine;
import org.meanfield.engine.EngineProvider;
import org.meanfield.engine.TargetEvaluator;
import org.meanfield.model.Particles;
import org.meanfield.model.Rng;
import org.meanfield.model.ThreeSpinTarget;
import org.meanfield.model.Unit;
import org.meanfield.observe.TestSetLoss;

/** Everything a run is made of, built from its config: target, unit, engine, sampler, test set. */
public final class Simulation implements AutoCloseable {
    private final RunConfig config;
    private final ThreeSpinTarget target;
    private final Unit unit;
    private final Engine engine;
    private final Stepper stepper;
    private final TestSetLoss testLoss;

    /** Builds the pieces of {@code config}; the engine is chosen by {@code provider}. */
    public Simulation(RunConfig config, EngineProvider provider) {
        this.config = config;
        this.target = new ThreeSpinTarget(config.d(), config.targetSeed());
        this.unit = Unit.of(config.unit(), config.alpha());
        Particles initial = Particles.initialise(unit, config.n(), config.d(), config.sigmaC(),
                new Rng(SeedStreams.initialisation(config.seed())));
        this.engine = provider.create(config.kernel(), unit, config.d(), initial, config.threads());
        TargetEvaluator evaluator = provider.targetEvaluator(config.kernel(), target);
        Sampler sampler = switch (config.dynamics()) {
            case SGD -> new FreshSampler(target, evaluator, config.batch(), SeedStreams.batches(config.seed()));
            case GD -> new FixedSampler(target, evaluator, config.sample(), SeedStreams.fixedSample(config.seed()));
        };
        this.stepper = new Stepper(engine, sampler, config.dt(), config.temperature(), SeedStreams.noise(config.seed()));
        this.testLoss = new TestSetLoss(target, evaluator, config.testSize(), SeedStreams.testSet(config.targetSeed()));
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

    public Engine engine() {
        return engine;
    }

    public Stepper stepper() {
        return stepper;
    }

    public TestSetLoss testLoss() {
        return testLoss;
    }

    /** A copy of the current particles. */
    public Particles particles() {
        Particles out = new Particles(config.n(), unit.zDim(config.d()));
        engine.read(out);
        return out;
    }

    /** Copies the current particles into {@code out} (n by zDim), for checkpoints without allocating. */
    public void readParticles(Particles out) {
        engine.read(out);
    }

    /**
     * Puts the simulation in the state {@code checkpoint} recorded: particles and the sampler's
     * generator. The caller has checked that the checkpoint belongs to this run. The vector engine's
     * float32 particles round-trip exactly: they were widened to double when read.
     */
    public void restore(Checkpoint checkpoint) {
        engine.write(checkpoint.particles());
        stepper.sampler().restore(checkpoint.samplerState());
    }

    @Override
    public void close() {
        engine.close();
    }
}
