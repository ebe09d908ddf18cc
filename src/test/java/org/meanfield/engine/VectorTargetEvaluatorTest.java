package org.meanfield.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.CsvSource;
import org.meanfield.model.Points;
import org.meanfield.model.Rng;
import org.meanfield.model.Sphere;
import org.meanfield.model.ThreeSpinTarget;

/**
 * The 3-spin target with lanes across points (double precision) against the scalar evaluation, at
 * point counts that are not a multiple of the block (zero padding) and with one evaluator reused
 * across growing and shrinking batches (its buffers are kept), on one thread and on several (batches of
 * several chunks of work), and bit for bit the same values whatever the thread count.
 *
 * <p>Both sum the same d(d+1)(d+2)/6 terms in double in a different order, so the difference is at
 * most about (number of terms) * 2^-53 of the sum of their absolute values M = sum |w x_p x_q x_r|;
 * at d = 31 (5456 terms) the worst case is 6e-13 M and a random walk gives 1e-14 M. The test asserts
 * 1e-12 M; the measured max |difference| / M is printed after the class (about 1e-16 on AVX2).
 */
class VectorTargetEvaluatorTest {
    private static double worstOverMagnitude;
    private static double worstOverValue;

    @ParameterizedTest(name = "d={0}, {1} threads")
    @CsvSource({"1, 1", "7, 3", "25, 1", "25, 2", "31, 3"})
    void matchesScalarEvaluation(int d, int threads) {
        ThreeSpinTarget target = new ThreeSpinTarget(d, 70 + d);
        try (ChunkPool pool = new ChunkPool(threads)) {
            matchesScalarEvaluation(target, new VectorTargetEvaluator(target, pool));
        }
    }

    @Test
    void valuesDoNotDependOnTheThreadCount() {
        int d = 25;
        ThreeSpinTarget target = new ThreeSpinTarget(d, 9);
        Points points = new Points(BLOCK_POINTS * 4 + 3, d);
        Sphere.sample(new Rng(5), points);
        double[][] values = new double[3][];
        for (int threads = 1; threads <= 3; threads++) {
            try (ChunkPool pool = new ChunkPool(threads)) {
                new VectorTargetEvaluator(target, pool).evaluate(points);
                values[threads - 1] = points.target().clone();
            }
        }
        assertArrayEquals(values[0], values[1]);
        assertArrayEquals(values[0], values[2]);
    }

    /** Points in one block, the evaluator's chunk of work. */
    private static final int BLOCK_POINTS = VectorKernels.TARGET_BLOCK;

    private static void matchesScalarEvaluation(ThreeSpinTarget target, VectorTargetEvaluator evaluator) {
        int d = target.d();
        int[] counts = {1, 5, 17, 100, 2 * BLOCK_POINTS + 17, 17, 5, 1};
        for (int round = 0; round < counts.length; round++) {
            int count = counts[round];
            Points points = new Points(count, d);
            Sphere.sample(new Rng(1000L * d + round), points);
            double[] coords = points.coords().clone();
            evaluator.evaluate(points);
            double[] vector = points.target().clone();
            assertArrayEquals(coords, points.coords(), "the evaluator must not touch the coordinates");
            target.evaluate(points);
            double[] scalar = points.target();
            for (int p = 0; p < count; p++) {
                double magnitude = magnitude(target, points.coords(), p * d);
                double error = Math.abs(vector[p] - scalar[p]);
                String where = String.format(Locale.ROOT, "d=%d count=%d point %d: vector %.17g scalar %.17g (M = %.3g)",
                        d, count, p, vector[p], scalar[p], magnitude);
                assertTrue(error <= 1e-12 * magnitude, where);
                assertTrue(magnitude > 0, where);
                worstOverMagnitude = Math.max(worstOverMagnitude, error / magnitude);
                worstOverValue = Math.max(worstOverValue, error / Math.abs(scalar[p]));
            }
        }
    }

    /** M = sum over p <= q <= r of |w_pqr x_p x_q x_r|, the size of the summed terms. */
    private static double magnitude(ThreeSpinTarget target, double[] x, int off) {
        double[] w = target.weights();
        int d = target.d();
        double sum = 0;
        int t = 0;
        for (int p = 0; p < d; p++) {
            for (int q = p; q < d; q++) {
                for (int r = q; r < d; r++) {
                    sum += Math.abs(w[t++] * x[off + p] * x[off + q] * x[off + r]);
                }
            }
        }
        return sum;
    }

    @AfterAll
    static void report() {
        System.out.printf(Locale.ROOT, "VectorTargetEvaluatorTest: max |diff|/M = %.3g (bound 1e-12), max |diff|/|f| = %.3g%n",
                worstOverMagnitude, worstOverValue);
    }
}
