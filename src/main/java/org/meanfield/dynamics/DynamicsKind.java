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
    EXACT,
    /**
     * The study's kernel flow (4.5) for gaussian units: c_i and the centres moved by f and grad f at
     * the centres and the pair sums, the centres kept on the sphere; no sample, O(n^2 d) a step.
     */
    FLOW;

    /** Whether the dynamics exists for gaussian units only (the closed forms and the flow). */
    public boolean gaussianOnly() {
        return this == EXACT || this == FLOW;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
