package org.meanfield.model;

import java.util.random.RandomGenerator;

/**
 * Units of the form sigma(a.x + b) with z = (a_1..a_d, b): the bias is the last parameter. On the
 * sphere a bias-free ReLU cannot represent the cubic part of the target, so the bias is always there.
 */
abstract class AffineUnit implements Unit {
    static final AffineUnit RELU = new AffineUnit(UnitKind.RELU) {
        @Override
        double activation(double u) {
            return u > 0 ? u : 0;
        }

        @Override
        double slope(double u) {
            return u > 0 ? 1 : 0;
        }
    };

    static final AffineUnit SIGMOID = new AffineUnit(UnitKind.SIGMOID) {
        @Override
        double activation(double u) {
            return 1 / (1 + Math.exp(-u));
        }

        @Override
        double slope(double u) {
            double s = activation(u);
            return s * (1 - s);
        }
    };

    private final UnitKind kind;

    private AffineUnit(UnitKind kind) {
        this.kind = kind;
    }

    abstract double activation(double u);

    abstract double slope(double u);

    @Override
    public UnitKind kind() {
        return kind;
    }

    @Override
    public int zDim(int d) {
        return d + 1;
    }

    private static double preActivation(double[] x, int xOff, double[] z, int d) {
        double u = z[d];
        for (int k = 0; k < d; k++) {
            u += z[k] * x[xOff + k];
        }
        return u;
    }

    @Override
    public double phi(double[] x, int xOff, double[] z, int d) {
        return activation(preActivation(x, xOff, z, d));
    }

    @Override
    public void addGradient(double[] x, int xOff, double[] z, int d, double scale, double[] grad) {
        double s = scale * slope(preActivation(x, xOff, z, d));
        for (int k = 0; k < d; k++) {
            grad[k] += s * x[xOff + k];
        }
        grad[d] += s;
    }

    /** a ~ N(0, I/d), b ~ N(0, 1). */
    @Override
    public void initialise(RandomGenerator rng, int d, double[] z) {
        double sd = 1 / Math.sqrt(d);
        for (int k = 0; k < d; k++) {
            z[k] = sd * rng.nextGaussian();
        }
        z[d] = rng.nextGaussian();
    }
}
