package org.meanfield.observe;

import java.util.Locale;

/**
 * The timed parts of a run. {@link #STEP} is a whole step (sample through noise); the four phases
 * after it partition a step; {@link #EVALUATION}, the held-out loss, happens between steps.
 */
public enum Phase {
    /** A whole step: sampling and target, forward, backward with the update, noise. */
    STEP,
    /** Drawing the step's points and evaluating the target at them. */
    SAMPLE,
    /** f_n at the step's points and the residual. */
    FORWARD,
    /** The forces from the residual and the Euler update of every particle. */
    BACKWARD,
    /** Langevin noise (only timed when the temperature is positive). */
    NOISE,
    /** The test-set loss, every eval-every steps. */
    EVALUATION;

    /** The phase's name in summary.json and tables: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
