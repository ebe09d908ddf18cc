package org.meanfield.engine;

import static org.meanfield.engine.VectorKernels.LANES;
import static org.meanfield.engine.VectorKernels.POINT_BLOCK;

/**
 * One worker's scratch space for the vector kernels, made once: what a kernel hands to the next
 * goes through arrays (in L1 cache), never through vector-typed arguments, which HotSpot boxes on
 * the heap when it declines to inline a call.
 */
final class KernelScratch {
    /** Per-lane f_n sums of one chunk for one block of points: lane[q*LANES + l]. */
    final float[] lane = new float[POINT_BLOCK * LANES];
}
