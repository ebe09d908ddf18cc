package org.meanfield.model;

import java.util.Locale;

/** The units the simulator offers; their names on the command line are lower case. */
public enum UnitKind {
    /** max(0, a.x + b), z = (a, b). */
    RELU,
    /** 1 / (1 + exp(-(a.x + b))), z = (a, b). */
    SIGMOID,
    /** exp(-alpha/2 |x - z|^2), z a centre in R^d. */
    GAUSSIAN;

    /** The command-line name. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }
}
