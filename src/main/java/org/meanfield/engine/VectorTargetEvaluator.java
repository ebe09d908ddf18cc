package org.meanfield.engine;

import static org.meanfield.engine.VectorKernels.TARGET_BLOCK;

import org.meanfield.model.Points;
import org.meanfield.model.ThreeSpinTarget;

/**
 * The 3-spin target with lanes across points, in double precision: the batch is transposed to
 * dimension-major order and padded with zero points to a whole number of blocks (a zero point has
 * f = 0 and its value is dropped), so the kernel needs no mask and no tail.
 */
public final class VectorTargetEvaluator implements TargetEvaluator {
    private final ThreeSpinTarget target;
    private double[] transposed = new double[0];
    private double[] values = new double[0];

    public VectorTargetEvaluator(ThreeSpinTarget target) {
        this.target = target;
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
        double[] x = points.coords();
        for (int p = 0; p < count; p++) {
            for (int k = 0; k < d; k++) {
                transposed[k * stride + p] = x[p * d + k];
            }
        }
        for (int k = 0; k < d; k++) {
            java.util.Arrays.fill(transposed, k * stride + count, (k + 1) * stride, 0);
        }
        for (int p0 = 0; p0 < stride; p0 += TARGET_BLOCK) {
            VectorKernels.threeSpin(target.weights(), d, transposed, stride, p0, values);
        }
        System.arraycopy(values, 0, points.target(), 0, count);
    }
}
