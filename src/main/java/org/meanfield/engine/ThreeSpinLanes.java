package org.meanfield.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 3-spin target and its gradient at a vector of particles' positions in float64, lanes across
 * particles: the one-body part of the pair-sum systems (exact GD's F, the flow's f(y_i) and grad f).
 */
public final class ThreeSpinLanes {
    /** The double species of the pair-sum kernels (the width test mode applies). */
    static final VectorSpecies<Double> SPECIES = VectorSupport.doubleSpecies();
    /** Particles per call: the lanes of one double vector. */
    public static final int LANES = SPECIES.length();
    private static final boolean FAST_FMA = VectorSupport.fastFma();

    private ThreeSpinLanes() {
    }

    /**
     * The 3-spin form and its gradient for {@link #LANES} particles at once (lanes across particles):
     * with w for lane l at {@code w[k*LANES + l]}, writes g = grad_w T[w,w,w] = 3 T[w,w,.] to
     * {@code g[k*LANES + l]} and T[w,w,w] to {@code value[l]}, from the compact weights of
     * {@code ThreeSpinTarget.weights()} (p &lt;= q &lt;= r, r fastest; each term W w_p w_q w_r adds W w_q w_r,
     * W w_p w_r and W w_p w_q to g_p, g_q and g_r). The one-body terms' O(d^3) part.
     */
    public static void threeSpin(double[] weights, int d, double[] w, double[] g, double[] value) {
        java.util.Arrays.fill(g, 0, d * LANES, 0);
        java.util.Arrays.fill(value, 0, LANES, 0);
        int t = 0;
        for (int p = 0; p < d; p++) {
            DoubleVector wp = DoubleVector.fromArray(SPECIES, w, p * LANES);
            for (int q = p; q < d; q++) {
                DoubleVector wq = DoubleVector.fromArray(SPECIES, w, q * LANES);
                DoubleVector wpq = wp.mul(wq);
                DoubleVector sum = DoubleVector.zero(SPECIES);
                for (int r = q; r < d; r++) {
                    DoubleVector weight = DoubleVector.broadcast(SPECIES, weights[t++]);
                    int at = r * LANES;
                    DoubleVector wr = DoubleVector.fromArray(SPECIES, w, at);
                    DoubleVector gr = DoubleVector.fromArray(SPECIES, g, at);
                    sum = FAST_FMA ? weight.fma(wr, sum) : weight.mul(wr).add(sum);
                    (FAST_FMA ? weight.fma(wpq, gr) : weight.mul(wpq).add(gr)).intoArray(g, at);
                }
                // Sums across the outer loops go through memory, not through vectors carried by
                // nested loops: JDK 17's C2 boxes such vectors.
                DoubleVector gp = DoubleVector.fromArray(SPECIES, g, p * LANES);
                (FAST_FMA ? wq.fma(sum, gp) : wq.mul(sum).add(gp)).intoArray(g, p * LANES);
                DoubleVector gq = DoubleVector.fromArray(SPECIES, g, q * LANES);
                (FAST_FMA ? wp.fma(sum, gq) : wp.mul(sum).add(gq)).intoArray(g, q * LANES);
                DoubleVector total = DoubleVector.fromArray(SPECIES, value, 0);
                (FAST_FMA ? wpq.fma(sum, total) : wpq.mul(sum).add(total)).intoArray(value, 0);
            }
        }
    }
}
