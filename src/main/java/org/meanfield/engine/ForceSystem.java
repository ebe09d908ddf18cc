package org.meanfield.engine;

/**
 * A particle system that computes its own forces, with no sample of points: exact population
 * gradient descent ({@code exact.ExactSystem}) and the kernel flow ({@code flow.FlowSystem}). Its
 * forces are n-body pair sums, O(n^2 d) a step.
 */
public interface ForceSystem extends ParticleSystem {
    /** One explicit Euler step in mean-field time; returns the energy the step descends, before it. */
    double step(double dt);

    /** Ordered pairs (i, j) whose interaction one step covers: n^2. */
    default long pairsPerStep() {
        return (long) n() * n();
    }

    /**
     * Flops one ordered pair costs in this implementation (effective GFLOP/s = flopsPerPair *
     * pairsPerStep / step time), or NaN where no such count is meaningful (the references).
     */
    default double flopsPerPair() {
        return Double.NaN;
    }
}
