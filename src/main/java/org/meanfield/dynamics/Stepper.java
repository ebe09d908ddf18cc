package org.meanfield.dynamics;

import org.meanfield.engine.Engine;
import org.meanfield.model.Points;
import org.meanfield.observe.Phase;
import org.meanfield.observe.StepProbe;

/**
 * One step of the particle dynamics: take the step's points, compute f_n and the residual,
 * move every particle by dt times its force, and add Langevin noise sqrt(2 dt / beta) xi when the
 * temperature 1/beta is positive; dt, the temperature and the number of points are those of the
 * step's phase ({@link PhasePlan}). Each part is timed by a {@link StepProbe}. Allocates nothing:
 * the buffers fit the largest phase.
 */
public final class Stepper implements Dynamics {
    private final Engine engine;
    private final Sampler sampler;
    private final PhasePlan plan;
    private final long noiseSeed;
    private final StepProbe probe;
    private final double[] prediction;
    private final double[] residual;

    /** Steps {@code engine} with points from {@code sampler}, step dt, temperature 1/beta on every step. */
    public Stepper(Engine engine, Sampler sampler, double dt, double temperature, long noiseSeed) {
        this(engine, sampler, PhasePlan.single(dt, temperature), noiseSeed);
    }

    /** Steps {@code engine} with points from {@code sampler} in the phases of {@code plan}. */
    public Stepper(Engine engine, Sampler sampler, PhasePlan plan, long noiseSeed) {
        this.engine = engine;
        this.sampler = sampler;
        this.plan = plan;
        this.noiseSeed = noiseSeed;
        this.probe = new StepProbe();
        this.prediction = new double[sampler.largest()];
        this.residual = new double[sampler.largest()];
    }

    /** Performs step number {@code step} and returns the batch loss (1/2) mean r^2 before the move. */
    @Override
    public double step(long step) {
        probe.begin();
        int phase = plan.phase(step);
        Points x = sampler.next(phase);
        probe.lap(Phase.SAMPLE);
        int count = x.count();
        engine.predict(x, prediction);
        double[] y = x.target();
        double sum = 0;
        for (int p = 0; p < count; p++) {
            double r = y[p] - prediction[p];
            residual[p] = r;
            sum += r * r;
        }
        probe.lap(Phase.FORWARD);
        engine.descend(x, residual, plan.dt(phase));
        probe.lap(Phase.BACKWARD);
        double noiseStd = plan.noiseStd(phase);
        if (noiseStd > 0) {
            engine.addNoise(noiseStd, noiseSeed, step);
            probe.lap(Phase.NOISE);
        }
        probe.end(step);
        return 0.5 * sum / count;
    }

    /**
     * Whether every parameter was finite after the last step's descent (the engines check as they
     * update). Noise added to finite parameters stays finite short of overflow, which the next
     * step's descent then reports.
     */
    @Override
    public boolean finite() {
        return engine.finite();
    }

    public Engine engine() {
        return engine;
    }

    public Sampler sampler() {
        return sampler;
    }

    /** The probe that times this stepper's phases (and commits its JFR step events). */
    @Override
    public StepProbe probe() {
        return probe;
    }

    @Override
    public Engine system() {
        return engine;
    }

    /** The sampler's generator state. */
    @Override
    public long state() {
        return sampler.state();
    }

    @Override
    public void restore(long state) {
        sampler.restore(state);
    }
}
