package org.meanfield.flow;

import org.meanfield.model.GaussianUnit;
import org.meanfield.model.Particles;
import org.meanfield.model.Rng;

/** Particles for the flow tests: centres uniform on the sphere of radius sqrt(d), c_i ~ N(0, sigma^2). */
final class FlowFixtures {
    private FlowFixtures() {
    }

    static Particles onSphere(int n, int d, double sigmaC, long seed) {
        return Particles.initialise(new GaussianUnit(1), n, d, sigmaC, new Rng(seed));
    }

    /** The largest absolute value in {@code a}. */
    static double maxAbs(double[] a) {
        double max = 0;
        for (double v : a) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    /** The largest | |y_i| - sqrt(d) | over the particles. */
    static double worstRadiusError(Particles p) {
        int n = p.n();
        int d = p.zDim();
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double norm2 = 0;
            for (int k = 0; k < d; k++) {
                double v = p.z()[k * n + i];
                norm2 += v * v;
            }
            worst = Math.max(worst, Math.abs(Math.sqrt(norm2) - Math.sqrt(d)));
        }
        return worst;
    }
}
