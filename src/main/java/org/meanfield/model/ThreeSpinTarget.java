package org.meanfield.model;

/**
 * The spherical 3-spin energy f(x) = (1/d) sum_{p,q,r} a_pqr x_p x_q x_r with a_pqr i.i.d. N(0,1)
 * drawn once from a seed.
 *
 * <p>Only the symmetric part matters, so f is evaluated from the d(d+1)(d+2)/6 distinct terms
 * p &lt;= q &lt;= r, each weighted by the sum of a over the orderings that fall on it. The raw
 * coefficients are kept so tests can evaluate the unsymmetrised sum too.
 */
public final class ThreeSpinTarget {
    private final int d;
    private final long seed;
    private final double[] raw;
    /** Weights of x_p x_q x_r for p <= q <= r, in the loop order of {@link #evaluate(double[], int)}. */
    private final double[] weights;
    private final double cf;

    /** Draws the coefficients for dimension {@code d} from {@code seed}. */
    public ThreeSpinTarget(int d, long seed) {
        if (d < 1) {
            throw new IllegalArgumentException("d must be >= 1, got " + d);
        }
        this.d = d;
        this.seed = seed;
        Rng rng = new Rng(seed);
        this.raw = new double[d * d * d];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = rng.nextGaussian();
        }
        this.weights = new double[termCount(d)];
        for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
                for (int r = 0; r < d; r++) {
                    int lo = Math.min(p, Math.min(q, r));
                    int hi = Math.max(p, Math.max(q, r));
                    int mid = p + q + r - lo - hi;
                    weights[termIndex(lo, mid, hi)] += raw[(p * d + q) * d + r] / d;
                }
            }
        }
        this.cf = exactHalfMeanSquare();
    }

    /** Number of distinct monomials x_p x_q x_r: d(d+1)(d+2)/6. */
    public static int termCount(int d) {
        return d * (d + 1) * (d + 2) / 6;
    }

    /** Position of the term (p <= q <= r) in {@link #weights()}; matches the evaluation loop order. */
    private int termIndex(int p, int q, int r) {
        int index = 0;
        for (int pp = 0; pp < p; pp++) {
            int m = d - pp;
            index += m * (m + 1) / 2;
        }
        for (int qq = p; qq < q; qq++) {
            index += d - qq;
        }
        return index + (r - q);
    }

    public int d() {
        return d;
    }

    public long seed() {
        return seed;
    }

    /** The compact weights, p &lt;= q &lt;= r with r fastest; shared with the vector kernels. */
    public double[] weights() {
        return weights;
    }

    /** The raw (unsymmetrised) coefficient a_pqr. */
    public double raw(int p, int q, int r) {
        return raw[(p * d + q) * d + r];
    }

    /** The symmetric tensor T_pqr = sym(a)_pqr / d. */
    public double symmetric(int p, int q, int r) {
        return (raw(p, q, r) + raw(p, r, q) + raw(q, p, r) + raw(q, r, p) + raw(r, p, q) + raw(r, q, p)) / (6.0 * d);
    }

    /** f(x) for the point at {@code x[off .. off+d)}, from the compact symmetric terms. */
    public double evaluate(double[] x, int off) {
        double sum = 0;
        int t = 0;
        for (int p = 0; p < d; p++) {
            double sp = 0;
            for (int q = p; q < d; q++) {
                double sq = 0;
                for (int r = q; r < d; r++) {
                    sq += weights[t++] * x[off + r];
                }
                sp += sq * x[off + q];
            }
            sum += sp * x[off + p];
        }
        return sum;
    }

    /** f(x) from the raw d^3 coefficients, without symmetrising: a check on {@link #evaluate}. */
    public double evaluateUnsymmetrised(double[] x, int off) {
        double sum = 0;
        for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
                for (int r = 0; r < d; r++) {
                    sum += raw[(p * d + q) * d + r] * x[off + p] * x[off + q] * x[off + r];
                }
            }
        }
        return sum / d;
    }

    /** Fills {@code points.target()} with f at every point. */
    public void evaluate(Points points) {
        double[] x = points.coords();
        double[] y = points.target();
        for (int p = 0; p < points.count(); p++) {
            y[p] = evaluate(x, p * d);
        }
    }

    /** C_f = E_nu f^2 / 2, exact. */
    public double cf() {
        return cf;
    }

    /**
     * E_nu T[x,x,x]^2 on the sphere of radius sqrt(d): the Gaussian sixth moments (15 pairings:
     * 6 give |T|^2, 9 give |v|^2 with v_r = sum_p T_ppr) scaled by R^6 / E|g|^6 = d^3 / (d(d+2)(d+4)).
     */
    private double exactHalfMeanSquare() {
        double frob = 0;
        double[] v = new double[d];
        for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
                for (int r = 0; r < d; r++) {
                    double t = symmetric(p, q, r);
                    frob += t * t;
                    if (p == q) {
                        v[r] += t;
                    }
                }
            }
        }
        double vv = 0;
        for (double vr : v) {
            vv += vr * vr;
        }
        double dd = d;
        double sphereFactor = dd * dd * dd / (dd * (dd + 2) * (dd + 4));
        return 0.5 * sphereFactor * (6 * frob + 9 * vv);
    }
}
