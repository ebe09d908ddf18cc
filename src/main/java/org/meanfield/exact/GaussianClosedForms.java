package org.meanfield.exact;

import org.meanfield.model.ThreeSpinTarget;

/**
 * The population expectations of SCIENCE.md section 5 for gaussian units phi(x, z) = exp(-alpha/2
 * |x - z|^2) on the sphere of radius R = sqrt(d), in closed form, one particle or one pair at a
 * time, in double precision with the exact {@link SphereMoments}: the reference the fast engine is
 * tested against. Written for clarity, not speed.
 *
 * <p>With w = alpha z, s = |w|, E_1(z) = -alpha/2 (R^2 + |z|^2) and a_k = e^{E_1} h_k(s):
 * <pre>
 *   F(c, z)  = c E[f phi] = c P,   P = a_3 T[w,w,w] + 3 a_2 v.w,   v_r = sum_p T_ppr,
 *   dF/dc    = P,
 *   dF/dz    = c alpha (grad_w P - z P),
 *              grad_w P = a_4 T[w,w,w] w + 3 a_3 (T[w,w,.] + (v.w) w) + 3 a_2 v      (grad_w h_k = h_{k+1} w);
 *   K        = c c' e^{E_2} h_0(|u|),   u = alpha (z + z'),  E_2 = -alpha/2 (2 R^2 + |z|^2 + |z'|^2),
 *   dK/dc    = c' e^{E_2} h_0,
 *   dK/dz    = alpha c c' e^{E_2} (h_1(|u|) u - h_0(|u|) z).
 * </pre>
 * Every product e^{E} h_k is formed as exp(E + R s + ln h_k(s) - R s): E + R s &lt;= 0 (it is
 * -alpha/2 (R - |z|)^2 for one particle), and ln h_k(s) - R s is of order -ln s, so nothing
 * overflows for any alpha, d or |z|.
 */
public final class GaussianClosedForms {
    private final ThreeSpinTarget target;
    private final int d;
    private final double alpha;
    private final double radius;
    private final SphereMoments moments;
    private final double[] weights;
    private final double[] v;

    /** The closed forms for {@code target}'s dimension and units of width {@code alpha}. */
    public GaussianClosedForms(ThreeSpinTarget target, double alpha) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be a finite number > 0, got " + alpha);
        }
        this.target = target;
        this.d = target.d();
        this.alpha = alpha;
        this.radius = Math.sqrt(d);
        this.moments = new SphereMoments(d);
        this.weights = target.weights();
        this.v = traceVector(target);
    }

    /** v_r = sum_p T_ppr, the trace of the symmetric 3-spin tensor. */
    public static double[] traceVector(ThreeSpinTarget target) {
        int d = target.d();
        double[] v = new double[d];
        for (int r = 0; r < d; r++) {
            for (int p = 0; p < d; p++) {
                v[r] += target.symmetric(p, p, r);
            }
        }
        return v;
    }

    /**
     * g = grad T[w,w,w] = 3 T[w,w,.] from the compact weights of {@link ThreeSpinTarget#weights()};
     * returns T[w,w,w]. {@code g} is overwritten.
     */
    public static double threeSpinGradient(double[] weights, int d, double[] w, double[] g) {
        java.util.Arrays.fill(g, 0, d, 0);
        double value = 0;
        int t = 0;
        for (int p = 0; p < d; p++) {
            for (int q = p; q < d; q++) {
                double wpq = w[p] * w[q];
                double sum = 0;
                for (int r = q; r < d; r++) {
                    double weight = weights[t++];
                    sum += weight * w[r];
                    g[r] += weight * wpq;
                }
                g[p] += w[q] * sum;
                g[q] += w[p] * sum;
                value += wpq * sum;
            }
        }
        return value;
    }

    public ThreeSpinTarget target() {
        return target;
    }

    public int d() {
        return d;
    }

    public double alpha() {
        return alpha;
    }

    public SphereMoments moments() {
        return moments;
    }

    /** C_f = E f^2 / 2 (exact, from the target). */
    public double cf() {
        return target.cf();
    }

    /** F(c, z) = c E[f(x) phi(x, z)]. */
    public double oneBody(double c, double[] z) {
        return c * oneBodyGradient(z, null);
    }

    /**
     * dF/dc = E[f phi] (returned), and, when {@code gradZ} is not null, dF/dz for c = 1 written to it
     * (multiply by c for another c).
     */
    public double oneBodyGradient(double[] z, double[] gradZ) {
        double norm2 = 0;
        for (int k = 0; k < d; k++) {
            norm2 += z[k] * z[k];
        }
        double norm = Math.sqrt(norm2);
        double[] w = new double[d];
        for (int k = 0; k < d; k++) {
            w[k] = alpha * z[k];
        }
        double s = alpha * norm;
        // E_1 + R s = -alpha/2 (R - |z|)^2
        double shift = -0.5 * alpha * (radius - norm) * (radius - norm);
        double a2 = StrictMath.exp(shift + moments.logHScaled(2, s));
        double a3 = StrictMath.exp(shift + moments.logHScaled(3, s));
        double[] g = new double[d];
        double t3 = threeSpinGradient(weights, d, w, g);
        double vw = 0;
        for (int k = 0; k < d; k++) {
            vw += v[k] * w[k];
        }
        double p = a3 * t3 + 3 * a2 * vw;
        if (gradZ != null) {
            double a4 = StrictMath.exp(shift + moments.logHScaled(4, s));
            for (int k = 0; k < d; k++) {
                // T[w,w,.] = g / 3
                double gradW = a4 * t3 * w[k] + a3 * (g[k] + 3 * vw * w[k]) + 3 * a2 * v[k];
                gradZ[k] = alpha * (gradW - z[k] * p);
            }
        }
        return p;
    }

    /** K(theta, theta') = c c' E[phi(x, z) phi(x, z')]. */
    public double pair(double c1, double[] z1, double c2, double[] z2) {
        return c1 * pairGradient(z1, c2, z2, null);
    }

    /**
     * dK/dc at theta = (c1, z1) (returned; it does not depend on c1), and, when {@code gradZ1} is not
     * null, dK/dz1 for c1 = 1 written to it (multiply by c1).
     */
    public double pairGradient(double[] z1, double c2, double[] z2, double[] gradZ1) {
        double n1 = 0;
        double n2 = 0;
        double uu = 0;
        double[] u = new double[d];
        for (int k = 0; k < d; k++) {
            n1 += z1[k] * z1[k];
            n2 += z2[k] * z2[k];
            u[k] = alpha * (z1[k] + z2[k]);
            uu += u[k] * u[k];
        }
        double s = Math.sqrt(uu);
        // E_2 + R s
        double shift = -0.5 * alpha * (2 * radius * radius + n1 + n2) + radius * s;
        double a0 = StrictMath.exp(shift + moments.logHScaled(0, s));
        if (gradZ1 != null) {
            double a1 = StrictMath.exp(shift + moments.logHScaled(1, s));
            for (int k = 0; k < d; k++) {
                gradZ1[k] = alpha * c2 * (a1 * u[k] - a0 * z1[k]);
            }
        }
        return c2 * a0;
    }
}
