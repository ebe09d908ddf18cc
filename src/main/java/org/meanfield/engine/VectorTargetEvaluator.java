package org.meanfield.engine;

import static org.meanfield.engine.VectorKernels.TARGET_BLOCK;

import org.meanfield.model.Points;
import org.meanfield.model.ThreeSpinTarget;

/**
 * The 3-spin target with lanes across points, in double precision, on the engine's threads: the
 * batch is transposed to dimension-major order and padded with zero points to a whole number of
 * blocks (a zero point has f = 0 and its value is dropped), so the kernel needs no mask and no tail.
 *
 * <p>Each block is a chunk of the pool's work: it transposes and evaluates its own points. A point's
 * value is the same sequence of operations whichever block or thread computes it, so the values do
 * not depend on the thread count. In parallel because the target is a large serial share of a step
 * (measured at d = 25 on one thread: 2.8 ms of a 14.5 ms step at n = 512, P = 10404, with 1.4 ms
 * more for drawing the points; about 35 us of 170 us at n = 512, P = 102); blocks rather than
 * groups of them, so that even P = 102 (four blocks) is shared between threads.
 */
public final class VectorTargetEvaluator implements TargetEvaluator {
    private final ThreeSpinTarget target;
    private final ChunkPool pool;
    private final ChunkPool.ChunkJob job = this::evaluateBlock;
    private double[] transposed = new double[0];
    private double[] values = new double[0];

    // The call's batch, set before the parallel call.
    private Points jobPoints;
    private int jobStride;

    /** An evaluator on {@code pool}'s threads (the engine's: a second pool's idle threads would compete). */
    public VectorTargetEvaluator(ThreeSpinTarget target, ChunkPool pool) {
        this.target = target;
        this.pool = pool;
    }

    @Override
    public void evaluate(Points points) {
        int d = target.d();
        int count = points.count();
        int stride = (count + TARGET_BLOCK - 1) / TARGET_BLOCK * TARGET_BLOCK;
        if (transposed.length < d * stride || values.length < stride) {
            transposed = new double[d * stride];
            values = new double[stride];
        }
        jobPoints = points;
        jobStride = stride;
        pool.run(stride / TARGET_BLOCK, job);
        jobPoints = null;
        System.arraycopy(values, 0, points.target(), 0, count);
    }

    private void evaluateBlock(int block, int worker) {
        int d = target.d();
        int stride = jobStride;
        int from = block * TARGET_BLOCK;
        int to = from + TARGET_BLOCK;
        int real = Math.min(to, jobPoints.count()); // from < count: padding is less than a block
        double[] x = jobPoints.coords();
        for (int p = from; p < real; p++) {
            for (int k = 0; k < d; k++) {
                transposed[k * stride + p] = x[p * d + k];
            }
        }
        for (int k = 0; k < d; k++) {
            java.util.Arrays.fill(transposed, k * stride + real, k * stride + to, 0);
        }
        VectorKernels.threeSpin(target.weights(), d, transposed, stride, from, values);
    }
}
