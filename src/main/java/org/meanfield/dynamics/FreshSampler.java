package org.meanfield.dynamics;

import org.meanfield.engine.TargetEvaluator;
import org.meanfield.model.Points;
import org.meanfield.model.Rng;
import org.meanfield.model.Sphere;
import org.meanfield.model.ThreeSpinTarget;

/** SGD: P fresh uniform points on the sphere at every step, drawn into one reused batch. */
public final class FreshSampler implements Sampler {
    private final TargetEvaluator evaluator;
    private final Points batch;
    private final Rng rng;

    /** Batches of {@code batchSize} points from the stream {@code seed}. */
    public FreshSampler(ThreeSpinTarget target, TargetEvaluator evaluator, int batchSize, long seed) {
        this.evaluator = evaluator;
        this.batch = new Points(batchSize, target.d());
        this.rng = new Rng(seed);
    }

    @Override
    public Points next() {
        Sphere.sample(rng, batch);
        evaluator.evaluate(batch);
        return batch;
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
