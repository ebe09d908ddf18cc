package org.meanfield.engine;

import static org.meanfield.engine.VectorKernels.TARGET_BLOCK;

import org.meanfield.model.Points;
import org.meanfield.model.ThreeSpinTarget;

/**
 * The 3-spin target with lanes across points, in double precision, on the engine's threads: the
 * batch is transposed to dimension-major order and padded with zero points to a whole number of
 * blocks (a zero point has f = 0 and its value is dropped), so the kernel needs no mask and no tail.
 *
 * <p>Chunks of {@link #CHUNK_BLOCKS} blocks go to the pool; each transposes and evaluates its own
 * points. A point's value is the same sequence of operations whichever block, chunk or thread
 * computes it, so the values do not depend on the thread count. In parallel because at P much
 * larger than n the target is a large serial share of a step (measured at n = 512, P = 10404,
 * d = 25, one thread: 2.8 ms of a 14.5 ms step, with 1.4 ms more for drawing the points).
 */
public final class VectorTargetEvaluator implements TargetEvaluator {
    /** Blocks of points per chunk of work. */
    static final int CHUNK_BLOCKS = 8;

    private final ThreeSpinTarget target;
    private final ChunkPool pool;
    private final ChunkPool.ChunkJob job = this::evaluateChunk;
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
        int blocks = stride / TARGET_BLOCK;
        jobPoints = points;
        jobStride = stride;
        pool.run((blocks + CHUNK_BLOCKS - 1) / CHUNK_BLOCKS, job);
        jobPoints = null;
        System.arraycopy(values, 0, points.target(), 0, count);
    }

    private void evaluateChunk(int chunk, int worker) {
        int d = target.d();
        int stride = jobStride;
        int count = jobPoints.count();
        int from = chunk * CHUNK_BLOCKS * TARGET_BLOCK;
        int to = Math.min(stride, from + CHUNK_BLOCKS * TARGET_BLOCK);
        int real = Math.min(to, count); // from < count: padding is less than a block
        double[] x = jobPoints.coords();
        for (int p = from; p < real; p++) {
            for (int k = 0; k < d; k++) {
                transposed[k * stride + p] = x[p * d + k];
            }
        }
        for (int k = 0; k < d; k++) {
            java.util.Arrays.fill(transposed, k * stride + real, k * stride + to, 0);
        }
        for (int p0 = from; p0 < to; p0 += TARGET_BLOCK) {
            VectorKernels.threeSpin(target.weights(), d, transposed, stride, p0, values);
        }
    }
}
