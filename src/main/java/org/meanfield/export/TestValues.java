package org.meanfield.export;

import org.meanfield.config.RunConfig;
import org.meanfield.engine.Chunks;
import org.meanfield.engine.ScalarEngine;
import org.meanfield.engine.TargetEvaluator;
import org.meanfield.model.Particles;
import org.meanfield.model.Points;
import org.meanfield.model.SeedStreams;
import org.meanfield.model.ThreeSpinTarget;
import org.meanfield.model.Unit;
import org.meanfield.observe.TestSetLoss;

/**
 * A run's held-out test set, drawn again exactly as the run draws it (same size, same stream of the
 * target seed), with f from the double-precision target and f_n from the double-precision
 * scalar engine at the given particles.
 *
 * @param points the test points, with f at each in {@code points.target()}
 * @param prediction f_n at each point
 * @param loss (1/2) mean (f - f_n)^2 over the points, summed in the order the run's evaluation uses
 */
record TestValues(Points points, double[] prediction, double loss) {
    /** Points per engine call: bounds the engine's per-chunk sums to chunks x this many doubles. */
    private static final int BLOCK = 1024;

    static TestValues compute(RunConfig config, ThreeSpinTarget target, Particles particles) {
        Points points = new TestSetLoss(target, TargetEvaluator.scalar(target), config.testSize(),
                SeedStreams.testSet(config.targetSeed())).points();
        int d = config.d();
        int m = points.count();
        double[] prediction = new double[m];
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), Chunks.count(particles.n())));
        // Each point's f_n is a sum over particles alone, so predicting a block at a time changes no bit.
        try (ScalarEngine engine = new ScalarEngine(Unit.of(config.unit(), config.alpha()), d, particles, threads)) {
            double[] block = new double[Math.min(BLOCK, m)];
            for (int start = 0; start < m; start += BLOCK) {
                int count = Math.min(BLOCK, m - start);
                Points part = new Points(count, d);
                System.arraycopy(points.coords(), start * d, part.coords(), 0, count * d);
                engine.predict(part, block);
                System.arraycopy(block, 0, prediction, start, count);
            }
        }
        double sum = 0;
        for (int p = 0; p < m; p++) {
            double r = points.target()[p] - prediction[p];
            sum += 0.5 * r * r;
        }
        return new TestValues(points, prediction, sum / m);
    }
}
