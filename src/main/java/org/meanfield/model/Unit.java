package org.meanfield.model;

import java.util.random.RandomGenerator;

/**
 * One hidden unit phi(x, z) of the network, in double precision: the reference that the fast
 * kernels are tested against. The parameters z of one particle are passed gathered in a small
 * array of {@link #zDim(int)} numbers.
 */
public interface Unit {
    /** Which unit this is. */
    UnitKind kind();

    /** Number of parameters z per particle in input dimension d. */
    int zDim(int d);

    /** phi(x, z) for the point {@code x[xOff .. xOff+d)}. */
    double phi(double[] x, int xOff, double[] z, int d);

    /** grad[j] += scale * d phi(x, z) / d z_j, for every j. */
    void addGradient(double[] x, int xOff, double[] z, int d, double scale, double[] grad);

    /** Draws z from the default initialisation of SCIENCE.md section 2. */
    void initialise(RandomGenerator rng, int d, double[] z);

    /** The unit of this kind; {@code alpha} is the gaussian width and ignored by the others. */
    static Unit of(UnitKind kind, double alpha) {
        return switch (kind) {
            case RELU -> AffineUnit.RELU;
            case SIGMOID -> AffineUnit.SIGMOID;
            case GAUSSIAN -> new GaussianUnit(alpha);
        };
    }
}
