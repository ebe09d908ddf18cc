package org.meanfield.dynamics;

import java.util.Locale;

/** How the expectation over the input measure is replaced at each step. */
public enum DynamicsKind {
    /** Stochastic gradient descent: P fresh points every step. */
    SGD,
    /** Gradient descent on one fixed sample of M points (a quadrature of E_nu). */
    GD;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
