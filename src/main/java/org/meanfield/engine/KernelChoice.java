package org.meanfield.engine;

import java.util.Locale;

/** Which engine to use: the fastest available ({@code auto}), or one forced by name. */
public enum KernelChoice {
    AUTO, SCALAR, VECTOR;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
