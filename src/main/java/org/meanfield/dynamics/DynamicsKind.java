package org.meanfield.dynamics;

import java.util.Locale;

/** How the expectation over the input measure is replaced at each step. */
public enum DynamicsKind {
    /** Stochastic gradient descent: P fresh points every step. */
    SGD,
    /** Gradient descent on one fixed sample of M points (a quadrature of E_nu). */
    GD,
    /**
     * Gradient descent on the exact population loss (gaussian units only): the expectations over
     * the sphere in closed form, a deterministic n-body system with no sample at all.
     */
    EXACT;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
