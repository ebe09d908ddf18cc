package org.meanfield.dynamics;

import org.meanfield.model.Points;

/** Supplies the points (with target values) that stand for E_nu at each step. */
public interface Sampler {
    /** The batch for the next step; the returned object is reused between calls. */
    Points next();

    /** The state of the sampler's generator, for checkpoints. */
    long state();

    /** Restores a state from {@link #state()}. */
    void restore(long state);
}
