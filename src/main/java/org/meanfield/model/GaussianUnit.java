package org.meanfield.model;

import java.util.random.RandomGenerator;

/** phi(x, z) = exp(-alpha/2 |x - z|^2): a radial unit with a centre z in R^d and a fixed width. */
public final class GaussianUnit implements Unit {
    private final double alpha;

    /** A unit of width {@code alpha > 0}. */
    public GaussianUnit(double alpha) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be a finite number > 0, got " + alpha);
        }
        this.alpha = alpha;
    }

    public double alpha() {
        return alpha;
    }

    @Override
    public UnitKind kind() {
        return UnitKind.GAUSSIAN;
    }

    @Override
    public int zDim(int d) {
        return d;
    }

    @Override
    public double phi(double[] x, int xOff, double[] z, int d) {
        double dist2 = 0;
        for (int k = 0; k < d; k++) {
            double diff = x[xOff + k] - z[k];
            dist2 += diff * diff;
        }
        return Math.exp(-0.5 * alpha * dist2);
    }

    /** grad phi = alpha (x - z) phi. */
    @Override
    public void addGradient(double[] x, int xOff, double[] z, int d, double scale, double[] grad) {
        double s = scale * alpha * phi(x, xOff, z, d);
        for (int k = 0; k < d; k++) {
            grad[k] += s * (x[xOff + k] - z[k]);
        }
    }

    /** Centres uniform on the sphere. */
    @Override
    public void initialise(RandomGenerator rng, int d, double[] z) {
        Sphere.sample(rng, d, z, 0);
    }
}
