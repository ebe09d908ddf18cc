package org.meanfield.dynamics;

import org.meanfield.engine.TargetEvaluator;
import org.meanfield.model.Points;
import org.meanfield.model.Rng;
import org.meanfield.model.Sphere;
import org.meanfield.model.ThreeSpinTarget;

/** GD on a fixed sample: the same M points at every step, drawn once from a seed. */
public final class FixedSampler implements Sampler {
    private final Points sample;

    /** A sample of {@code size} points from the stream {@code seed}. */
    public FixedSampler(ThreeSpinTarget target, TargetEvaluator evaluator, int size, long seed) {
        this.sample = new Points(size, target.d());
        Sphere.sample(new Rng(seed), sample);
        evaluator.evaluate(sample);
    }

    @Override
    public Points next() {
        return sample;
    }

    @Override
    public long state() {
        return 0;
    }

    @Override
    public void restore(long state) {
        // Nothing to restore: the sample is a function of the seed.
    }
}
