package org.meanfield.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The FMA peak's loop against the scalar recurrence it runs. */
class FmaPeakTest {
    @Test
    void everyChainEndsWhereTheScalarRecurrenceEnds() {
        float[] out = new float[VectorKernels.FMA_CHAIN_FLOATS];
        for (long iterations : new long[] {0, 1, 7, 1000}) {
            VectorKernels.fmaChains(iterations, 0.25f, out);
            for (int chain = 0; chain < VectorKernels.FMA_CHAIN_FLOATS / VectorKernels.LANES; chain++) {
                float c = 0.25f + chain;
                for (long i = 0; i < iterations; i++) {
                    c = Math.fma(c, 0.999999f, 1e-7f);
                }
                for (int lane = 0; lane < VectorKernels.LANES; lane++) {
                    assertEquals(c, out[chain * VectorKernels.LANES + lane], 0f,
                            "chain " + chain + " lane " + lane + " after " + iterations);
                }
            }
        }
    }
}
