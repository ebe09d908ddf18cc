package org.meanfield.dynamics;

import org.meanfield.engine.TargetEvaluator;
import org.meanfield.model.Points;
import org.meanfield.model.Rng;
import org.meanfield.model.Sphere;
import org.meanfield.model.ThreeSpinTarget;

/**
 * SGD: P fresh uniform points on the sphere at every step, drawn into a reused batch, P that of
 * the step's phase. One generator runs through the phases, so a run's batches depend only on the
 * seed and the batch sizes.
 */
public final class FreshSampler implements Sampler {
    private final TargetEvaluator evaluator;
    private final Points[] batches;
    private final int largest;
    private final Rng rng;

    /** Batches of {@code batchSize} points from the stream {@code seed}. */
    public FreshSampler(ThreeSpinTarget target, TargetEvaluator evaluator, int batchSize, long seed) {
        this(target, evaluator, new int[] {batchSize}, seed);
    }

    /** Batches of {@code sizes[k]} points in phase k, from the stream {@code seed}. */
    public FreshSampler(ThreeSpinTarget target, TargetEvaluator evaluator, int[] sizes, long seed) {
        this.evaluator = evaluator;
        this.batches = Sampler.buffers(sizes, target.d());
        this.largest = Sampler.largest(sizes);
        this.rng = new Rng(seed);
    }

    @Override
    public Points next(int phase) {
        Points batch = batches[phase];
        Sphere.sample(rng, batch);
        evaluator.evaluate(batch);
        return batch;
    }

    @Override
    public int largest() {
        return largest;
    }

    @Override
    public long state() {
        return rng.state();
    }

    @Override
    public void restore(long state) {
        rng.setState(state);
    }
}
