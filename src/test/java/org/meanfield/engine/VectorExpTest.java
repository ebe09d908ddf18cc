package org.meanfield.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The kernels' own exp: accurate to a few ulp, and clamped rather than overflowing. */
class VectorExpTest {
    /** expInPlace works on whole vectors. */
    private static final int L = VectorKernels.LANES;

    private static float[] exp(float[] x) {
        float[] out = x.clone();
        VectorKernels.expInPlace(out, 0, out.length);
        return out;
    }

    @Test
    void withinTwoUlpOverTheWholeRange() {
        int count = 200_000 / L * L;
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = -87f + 175f * i / count;
        }
        float[] y = exp(x);
        double worst = 0;
        for (int i = 0; i < count; i++) {
            double exact = Math.exp(x[i]);
            worst = Math.max(worst, Math.abs(y[i] - exact) / Math.ulp((float) exact));
        }
        // Measured worst: 0.98 ulp over this grid; Cephes documents 2 ulp for this polynomial.
        assertTrue(worst <= 2.0, "worst error " + worst + " ulp");
    }

    @Test
    void clampsInsteadOfOverflowing() {
        float[] x = new float[L];
        x[0] = -1000f;
        x[1] = 1000f;
        float[] y = exp(x);
        assertTrue(y[0] > 0 && y[0] < 1e-37f, "e^-1000 -> " + y[0]);
        assertTrue(Float.isFinite(y[1]) && y[1] > 1e38f, "e^1000 -> " + y[1]);
        assertEquals(1f, exp(new float[L])[0], 0f);
    }
}
