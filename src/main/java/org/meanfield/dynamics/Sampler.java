package org.meanfield.dynamics;

import org.meanfield.model.Points;

/**
 * Supplies the points (with target values) that stand for E_nu at each step; each phase of a run
 * may take its own number of them. Every buffer is allocated up front.
 */
public interface Sampler {
    /** The points for the next step, a step of phase {@code phase}; the returned object is reused between calls. */
    Points next(int phase);

    /** The points for the next step of a run of one phase. */
    default Points next() {
        return next(0);
    }

    /** The most points a step takes, over the phases. */
    int largest();

    /** The state of the sampler's generator, for checkpoints. */
    long state();

    /** Restores a state from {@link #state()}. */
    void restore(long state);

    /** One buffer of each size in {@code sizes}, shared by the phases of equal size, by phase. */
    static Points[] buffers(int[] sizes, int d) {
        Points[] out = new Points[sizes.length];
        for (int k = 0; k < sizes.length; k++) {
            for (int j = 0; j < k && out[k] == null; j++) {
                if (sizes[j] == sizes[k]) {
                    out[k] = out[j];
                }
            }
            if (out[k] == null) {
                out[k] = new Points(sizes[k], d);
            }
        }
        return out;
    }

    /** The largest of {@code sizes}. */
    static int largest(int[] sizes) {
        int most = 0;
        for (int size : sizes) {
            most = Math.max(most, size);
        }
        return most;
    }
}
