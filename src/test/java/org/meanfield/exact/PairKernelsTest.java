package org.meanfield.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.meanfield.model.Rng;

/** The vector exp of the pair kernels against StrictMath.exp, including underflow and subnormals. */
class PairKernelsTest {
    @Test
    void expIsWithinTwoUlps() {
        int count = 64 * PairKernels.LANES;
        double[] x = new double[count];
        double[] out = new double[count];
        double[] ones = new double[count];
        double[] product = new double[count];
        java.util.Arrays.fill(ones, 1);
        Rng rng = new Rng(1);
        double worstUlps = 0;
        for (int round = 0; round < 200; round++) {
            for (int v = 0; v < count; v++) {
                x[v] = switch (round % 4) {
                    case 0 -> -708 + 1417 * rng.nextDouble();
                    case 1 -> -1 + 2 * rng.nextDouble();
                    case 2 -> -30 * rng.nextDouble();
                    default -> (rng.nextDouble() - 0.5) * 1e-6;
                };
            }
            PairKernels.exp(x, out, ones, product, count);
            for (int v = 0; v < count; v++) {
                double exact = StrictMath.exp(x[v]);
                worstUlps = Math.max(worstUlps, Math.abs(out[v] - exact) / Math.ulp(exact));
                assertEquals(out[v], product[v], 0);
            }
        }
        System.out.println("PairKernels.exp: worst " + worstUlps + " ulps of StrictMath.exp over [-708, 709]");
        assertTrue(worstUlps <= 2, "worst " + worstUlps + " ulps");
    }

    @Test
    void expUnderflowsGracefully() {
        int count = 2 * PairKernels.LANES;
        double[] x = new double[count];
        double[] out = new double[count];
        double[] ones = new double[count];
        java.util.Arrays.fill(ones, 1);
        double[] inputs = {-709.5, -720, -740, -744.4, -746, -1000, -1e300, Double.NEGATIVE_INFINITY, 0, 1, 700, 709};
        for (int start = 0; start < inputs.length; start += count) {
            int m = Math.min(count, inputs.length - start);
            java.util.Arrays.fill(x, 0);
            System.arraycopy(inputs, start, x, 0, m);
            PairKernels.exp(x, out, ones, new double[count], count);
            for (int v = 0; v < m; v++) {
                double exact = StrictMath.exp(x[v]);
                // subnormal results: one rounding of the exact value, so within one subnormal ulp
                assertEquals(exact, out[v], Math.max(Math.ulp(exact) * 2, Double.MIN_VALUE), "exp(" + x[v] + ")");
            }
        }
    }
}
