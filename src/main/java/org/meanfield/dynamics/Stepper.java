package org.meanfield.dynamics;

import org.meanfield.engine.Engine;
import org.meanfield.model.Points;
import org.meanfield.observe.Phase;
import org.meanfield.observe.StepProbe;

/**
 * One step of the particle dynamics: take the step's points, compute f_n and the residual,
 * move every particle by dt times its force, and add Langevin noise sqrt(2 dt / beta) xi when the
 * temperature 1/beta is positive (until the noise stops). Each phase is timed by a {@link StepProbe}. Allocates nothing.
 */
public final class Stepper implements Dynamics {
    private final Engine engine;
    private final Sampler sampler;
    private final double dt;
    private final double noiseStd;
    private final long noiseSeed;
    private final long noiseSteps;
    private final StepProbe probe;
    private double[] prediction = new double[0];
    private double[] residual = new double[0];

    /** Steps {@code engine} with points from {@code sampler}, step dt, temperature 1/beta on every step. */
    public Stepper(Engine engine, Sampler sampler, double dt, double temperature, long noiseSeed) {
        this(engine, sampler, dt, temperature, noiseSeed, Long.MAX_VALUE);
    }

    /** As {@link #Stepper(Engine, Sampler, double, double, long)}, with noise on steps [0, noiseSteps) only. */
    public Stepper(Engine engine, Sampler sampler, double dt, double temperature, long noiseSeed, long noiseSteps) {
        this.engine = engine;
        this.sampler = sampler;
        this.dt = dt;
        this.noiseStd = Math.sqrt(2 * dt * temperature);
        this.noiseSeed = noiseSeed;
        this.noiseSteps = noiseSteps;
        this.probe = new StepProbe();
    }

    /** Performs step number {@code step} and returns the batch loss (1/2) mean r^2 before the move. */
    @Override
    public double step(long step) {
        probe.begin();
        Points x = sampler.next();
        probe.lap(Phase.SAMPLE);
        int count = x.count();
        if (residual.length < count) {
            prediction = new double[count];
            residual = new double[count];
        }
        engine.predict(x, prediction);
        double[] y = x.target();
        double sum = 0;
        for (int p = 0; p < count; p++) {
            double r = y[p] - prediction[p];
            residual[p] = r;
            sum += r * r;
        }
        probe.lap(Phase.FORWARD);
        engine.descend(x, residual, dt);
        probe.lap(Phase.BACKWARD);
        if (noiseStd > 0 && step < noiseSteps) {
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
