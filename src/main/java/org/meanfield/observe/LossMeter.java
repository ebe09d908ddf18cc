package org.meanfield.observe;

/**
 * What measures a run's loss at an evaluation: the held-out test set for sampled dynamics
 * ({@link TestSetLoss}), the closed form for exact dynamics.
 */
@FunctionalInterface
public interface LossMeter {
    /** The loss of the current particles, with its standard error and its ratio to C_f. */
    LossEstimate measure();
}
