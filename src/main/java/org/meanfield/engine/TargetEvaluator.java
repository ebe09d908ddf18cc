package org.meanfield.engine;

import org.meanfield.model.Points;
import org.meanfield.model.ThreeSpinTarget;

/** Fills {@code points.target()} with f at every point: scalar (reference) or vectorised. */
@FunctionalInterface
public interface TargetEvaluator {
    void evaluate(Points points);

    /** The reference: one point at a time, in double precision. */
    static TargetEvaluator scalar(ThreeSpinTarget target) {
        return target::evaluate;
    }
}
