package org.meanfield.dynamics;

import org.meanfield.engine.TargetEvaluator;
import org.meanfield.model.Points;
import org.meanfield.model.Rng;
import org.meanfield.model.Sphere;
import org.meanfield.model.ThreeSpinTarget;

/**
 * GD on a fixed sample: the same M points at every step, drawn once from a seed; a phase with
 * another M has its own sample, drawn from the same seed.
 */
public final class FixedSampler implements Sampler {
    private final Points[] samples;
    private final int largest;

    /** A sample of {@code size} points from the stream {@code seed}. */
    public FixedSampler(ThreeSpinTarget target, TargetEvaluator evaluator, int size, long seed) {
        this(target, evaluator, new int[] {size}, seed);
    }

    /** Samples of {@code sizes[k]} points for phase k, each from the stream {@code seed}. */
    public FixedSampler(ThreeSpinTarget target, TargetEvaluator evaluator, int[] sizes, long seed) {
        this.samples = Sampler.buffers(sizes, target.d());
        this.largest = Sampler.largest(sizes);
        for (int k = 0; k < samples.length; k++) {
            if (k == 0 || samples[k] != samples[k - 1]) {
                Sphere.sample(new Rng(seed), samples[k]);
                evaluator.evaluate(samples[k]);
            }
        }
    }

    @Override
    public Points next(int phase) {
        return samples[phase];
    }

    @Override
    public int largest() {
        return largest;
    }

    @Override
    public long state() {
        return 0;
    }

    @Override
    public void restore(long state) {
        // Nothing to restore: the samples are functions of the seed.
    }
}
