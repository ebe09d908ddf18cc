package org.meanfield.dynamics;

import org.meanfield.engine.Engine;
import org.meanfield.model.Points;

/**
 * One step of the particle dynamics: take the step's points, compute f_n and the residual,
 * move every particle by dt times its force, and add Langevin noise sqrt(2 dt / beta) xi when the
 * temperature 1/beta is positive. Allocates nothing.
 */
public final class Stepper {
    private final Engine engine;
    private final Sampler sampler;
    private final double dt;
    private final double noiseStd;
    private final long noiseSeed;
    private double[] prediction = new double[0];
    private double[] residual = new double[0];

    /** Steps {@code engine} with points from {@code sampler}, step dt, temperature 1/beta. */
    public Stepper(Engine engine, Sampler sampler, double dt, double temperature, long noiseSeed) {
        this.engine = engine;
        this.sampler = sampler;
        this.dt = dt;
        this.noiseStd = Math.sqrt(2 * dt * temperature);
        this.noiseSeed = noiseSeed;
    }

    /** Performs step number {@code step} and returns the batch loss (1/2) mean r^2 before the move. */
    public double step(long step) {
        Points x = sampler.next();
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
        engine.descend(x, residual, dt);
        if (noiseStd > 0) {
            engine.addNoise(noiseStd, noiseSeed, step);
        }
        return 0.5 * sum / count;
    }

    public Engine engine() {
        return engine;
    }

    public Sampler sampler() {
        return sampler;
    }
}
