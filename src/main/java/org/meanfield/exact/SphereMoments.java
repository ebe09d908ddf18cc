package org.meanfield.exact;

/**
 * The exponential moments of the uniform measure on the sphere of radius R = sqrt(d) (SCIENCE.md
 * section 5): with nu_0 = d/2 - 1, s = |w| and rho = R s,
 * <pre>
 *   M(w)   = E[e^{w.x}] = Gamma(nu_0+1) (2/rho)^{nu_0} I_{nu_0}(rho) = h_0(s),
 *   G_k(rho) = Gamma(nu_0+1) 2^{nu_0} rho^{-nu_0-k} I_{nu_0+k}(rho),   h_k(s) = R^{2k} G_k(R s),
 * </pre>
 * so that E[x_p e^{w.x}] = h_1 w_p, E[x_p x_q e^{w.x}] = h_2 w_p w_q + h_1 delta_pq, and so on, and
 * grad_w h_k(|w|) = h_{k+1}(|w|) w.
 *
 * <p>Everything is in log space: h_k(s) = h_k(0) N(nu_0 + k, rho) with N(nu, rho) = Gamma(nu+1)
 * (2/rho)^nu I_nu(rho) (so N = 1 at 0) and h_k(0) = prod_{m=1..k} d / (d + 2m - 2) (h_1(0) = 1), and
 * {@link #logHScaled} = ln h_k(s) - R s stays of order -(nu_0 + k + 1/2) ln rho where h_k itself
 * overflows. Exact (to about 1e-14, see {@link Bessel}) and slow: the reference, and what the
 * engine's tables are fitted to.
 */
public final class SphereMoments {
    private final int d;
    private final double radius;
    private final double nu0;

    /** The moments of the sphere in dimension {@code d >= 1}. */
    public SphereMoments(int d) {
        if (d < 1) {
            throw new IllegalArgumentException("d must be >= 1, got " + d);
        }
        this.d = d;
        this.radius = Math.sqrt(d);
        this.nu0 = 0.5 * d - 1;
    }

    public int d() {
        return d;
    }

    /** R = sqrt(d). */
    public double radius() {
        return radius;
    }

    /** nu_0 = d/2 - 1, the order of M. */
    public double nu0() {
        return nu0;
    }

    /** ln h_k(0) = sum_{m=1..k} ln(d / (d + 2m - 2)): 0 for k = 0 and 1. */
    public double logHAtZero(int k) {
        double product = 1;
        for (int m = 1; m <= k; m++) {
            product *= d / (double) (d + 2 * m - 2);
        }
        return StrictMath.log(product);
    }

    /** ln h_k(s) - R s, finite for every s &gt;= 0. */
    public double logHScaled(int k, double s) {
        return logHScaledAtRho(k, radius * s);
    }

    /** ln h_k(s). */
    public double logH(int k, double s) {
        return logHScaled(k, s) + radius * s;
    }

    /** h_k(s) (overflows for R s beyond about 700). */
    public double h(int k, double s) {
        return StrictMath.exp(logH(k, s));
    }

    /** ln M(w) for |w| = s: ln h_0(s). */
    public double logM(double s) {
        return logH(0, s);
    }

    /**
     * h_{k+1}(s) / h_k(s) = R^2 I_{nu_0+k+1}(rho) / (rho I_{nu_0+k}(rho)), which is d/(d+2k) at s = 0 and
     * about R^2 / rho for large rho.
     */
    public double ratio(int k, double s) {
        return ratioAtRho(k, radius * s);
    }

    /** ln h_k - rho as a function of rho = R s: what the engine's tables hold. */
    double logHScaledAtRho(int k, double rho) {
        checkOrder(k);
        return logHAtZero(k) + Bessel.logNormalisedIve(nu0 + k, rho);
    }

    /** h_{k+1} / h_k as a function of rho = R s. */
    double ratioAtRho(int k, double rho) {
        checkOrder(k);
        return rho == 0 ? d / (double) (d + 2 * k) : d * Bessel.ratio(nu0 + k, rho) / rho;
    }

    private static void checkOrder(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
    }
}
