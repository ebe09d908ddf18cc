package org.meanfield.observe;

import org.meanfield.engine.Engine;
import org.meanfield.engine.TargetEvaluator;
import org.meanfield.model.Points;
import org.meanfield.model.Rng;
import org.meanfield.model.Sphere;
import org.meanfield.model.ThreeSpinTarget;

/** The loss on a fixed held-out set of fresh points, drawn once from its own seed stream. */
public final class TestSetLoss {
    private final Points points;
    private final double cf;
    private final double[] prediction;

    /** A test set of {@code size} points from the stream {@code seed}. */
    public TestSetLoss(ThreeSpinTarget target, TargetEvaluator evaluator, int size, long seed) {
        this.points = new Points(size, target.d());
        Sphere.sample(new Rng(seed), points);
        evaluator.evaluate(points);
        this.cf = target.cf();
        this.prediction = new double[size];
    }

    /** The test points and their target values. */
    public Points points() {
        return points;
    }

    /** (1/2) mean (f - f_n)^2 with the standard error of that mean, and its ratio to C_f. */
    public LossEstimate estimate(Engine engine) {
        engine.predict(points, prediction);
        double[] y = points.target();
        int m = points.count();
        double sum = 0;
        double sumSquares = 0;
        for (int p = 0; p < m; p++) {
            double r = y[p] - prediction[p];
            double half = 0.5 * r * r;
            sum += half;
            sumSquares += half * half;
        }
        double mean = sum / m;
        double variance = m > 1 ? Math.max(0, (sumSquares - m * mean * mean) / (m - 1)) : 0;
        return new LossEstimate(mean, Math.sqrt(variance / m), mean / cf);
    }
}
