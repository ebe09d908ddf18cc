package org.meanfield.observe;

import java.util.ArrayList;
import java.util.List;

import org.meanfield.engine.Engine;
import org.meanfield.engine.TargetEvaluator;
import org.meanfield.model.Points;
import org.meanfield.model.Rng;
import org.meanfield.model.Sphere;
import org.meanfield.model.ThreeSpinTarget;

/**
 * The loss on a fixed held-out set of fresh points, drawn once from its own seed stream. The set is
 * held and evaluated in blocks of {@value #BLOCK} points, so that a test set of 10^6 points and more
 * costs the engine no more scratch than one block: the points are drawn one after another from the
 * one stream, and the sums run over them in order, so the blocks change no number.
 */
public final class TestSetLoss {
    /** Points per block. */
    public static final int BLOCK = 1 << 16;

    private final List<Points> blocks = new ArrayList<>();
    private final int size;
    private final double cf;
    private final double[] prediction;
    /** The sums of an estimate, kept so that an evaluation allocates nothing but its result. */
    private final Moments loss = new Moments();
    private final Moments positive = new Moments();
    private final Moments negative = new Moments();

    /** A test set of {@code size} points from the stream {@code seed}. */
    public TestSetLoss(ThreeSpinTarget target, TargetEvaluator evaluator, int size, long seed) {
        Rng rng = new Rng(seed);
        for (int from = 0; from < size; from += BLOCK) {
            Points block = new Points(Math.min(BLOCK, size - from), target.d());
            Sphere.sample(rng, block);
            evaluator.evaluate(block);
            blocks.add(block);
        }
        this.size = size;
        this.cf = target.cf();
        this.prediction = new double[Math.min(BLOCK, size)];
    }

    /** The test points and their target values, in one array (a copy when the set has several blocks). */
    public Points points() {
        if (blocks.size() == 1) {
            return blocks.get(0);
        }
        int d = blocks.get(0).d();
        Points all = new Points(size, d);
        int at = 0;
        for (Points block : blocks) {
            System.arraycopy(block.coords(), 0, all.coords(), at * d, block.count() * d);
            System.arraycopy(block.target(), 0, all.target(), at, block.count());
            at += block.count();
        }
        all.syncFloats();
        return all;
    }

    /**
     * (1/2) mean (f - f_n)^2 with the standard error of that mean, and its ratio to C_f; and, in the same
     * pass, the signed errors mean Theta(f) (f - f_n) and mean Theta(-f) (f_n - f) with theirs
     * ({@link LossEstimate}). Allocates nothing but the result.
     */
    public LossEstimate estimate(Engine engine) {
        loss.clear();
        positive.clear();
        negative.clear();
        for (Points block : blocks) {
            engine.predict(block, prediction);
            accumulate(block.target(), prediction, block.count(), loss, positive, negative);
        }
        return new LossEstimate(loss.mean(), loss.standardError(), loss.mean() / cf, positive.mean(),
                positive.standardError(), negative.mean(), negative.standardError());
    }

    /**
     * Adds the first {@code count} points' half squared residuals and signed errors to the sums, in
     * order (the order fixes the bits). Theta(0) = 0: a point where f = 0 exactly adds 0 to both signed
     * errors, so their sum is mean sign(f) (f - f_n) exactly.
     */
    static void accumulate(double[] y, double[] prediction, int count, Moments loss, Moments positive,
            Moments negative) {
        for (int p = 0; p < count; p++) {
            double r = y[p] - prediction[p];
            loss.add(0.5 * r * r);
            positive.add(y[p] > 0 ? r : 0);
            negative.add(y[p] < 0 ? -r : 0);
        }
    }
}
