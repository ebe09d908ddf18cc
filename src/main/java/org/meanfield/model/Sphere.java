package org.meanfield.model;

import java.util.random.RandomGenerator;

/** The input domain: the sphere S^{d-1} of radius R = sqrt(d) in R^d, with its uniform measure. */
public final class Sphere {
    private Sphere() {
    }

    /** The radius sqrt(d) of the sphere in dimension {@code d}. */
    public static double radius(int d) {
        return Math.sqrt(d);
    }

    /** Writes one uniform point x = R g/|g|, g ~ N(0, I_d), into {@code out[off .. off+d)}. */
    public static void sample(RandomGenerator rng, int d, double[] out, int off) {
        double norm2 = 0;
        for (int k = 0; k < d; k++) {
            double g = rng.nextGaussian();
            out[off + k] = g;
            norm2 += g * g;
        }
        double scale = radius(d) / Math.sqrt(norm2);
        for (int k = 0; k < d; k++) {
            out[off + k] *= scale;
        }
    }

    /** Fills every point of {@code points} with independent uniform samples, in order. */
    public static void sample(RandomGenerator rng, Points points) {
        for (int p = 0; p < points.count(); p++) {
            sample(rng, points.d(), points.coords(), p * points.d());
        }
        points.syncFloats();
    }
}
