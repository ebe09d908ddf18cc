package org.meanfield.observe;

import java.util.Locale;

/**
 * The timed parts of a run. {@link #STEP} is a whole step; the phases after it up to
 * {@link #NOISE} partition a step (sample, forward, backward and noise for sampled dynamics; pairs
 * and noise for exact dynamics); {@link #EVALUATION}, the held-out loss, happens between steps.
 */
public enum Phase {
    /** A whole step: sampling and target, forward, backward with the update, noise. */
    STEP,
    /** Drawing the step's points and evaluating the target at them. */
    SAMPLE,
    /**
     * f_n at the step's points and the residual. The vector engine computes the gradient sums in the
     * same pass when it can (a block's stored phi is read back while in cache), so for it this is
     * then nearly the whole force computation.
     */
    FORWARD,
    /**
     * The forces from the residual and the Euler update of every particle; for the vector engine,
     * after a forward pass that already summed the gradients, the update alone.
     */
    BACKWARD,
    /** Exact dynamics: the pair sums, the forces and the update of every particle, in one pass. */
    PAIRS,
    /** Langevin noise (only timed when the temperature is positive). */
    NOISE,
    /** The test-set loss, every eval-every steps. */
    EVALUATION;

    /** The phase's name in summary.json and tables: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
