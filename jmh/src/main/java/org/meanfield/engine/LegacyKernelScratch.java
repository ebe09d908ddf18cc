package org.meanfield.engine;

import static org.meanfield.engine.LegacyVectorKernels.LANES;
import static org.meanfield.engine.LegacyVectorKernels.TILE;

/**
 * One worker's scratch space for the vector kernels, made once: everything a kernel hands from one
 * stage to the next goes through these arrays (in L1 cache), never through vector-typed arguments,
 * which HotSpot boxes on the heap when it declines to inline a call.
 */
final class LegacyKernelScratch {
    /** Dot products of a tile: 2 particle vectors x TILE points, u[(v*TILE + q)*LANES ..]. */
    final float[] u = new float[2 * TILE * LANES];
    /** phi of the tile, same layout. */
    final float[] phi = new float[2 * TILE * LANES];
    /** The slope g of the tile, same layout. */
    final float[] g = new float[2 * TILE * LANES];
    /** The weights r g of the tile, same layout. */
    final float[] w = new float[2 * TILE * LANES];
    /** Pre-activation offsets of the two particle vectors. */
    final float[] offset = new float[2 * LANES];
    /** Per particle vector v: sx[(v*d + k)*LANES ..] = sum_p r g x_k, then s0 = sum r phi and s1 = sum r g. */
    final float[] sums;

    /** The gaussian width alpha in every lane. */
    final float[] alpha = new float[LANES];

    LegacyKernelScratch(int d, float alpha) {
        this.sums = new float[(2 * d + 4) * LANES];
        java.util.Arrays.fill(this.alpha, alpha);
    }
}
