package org.meanfield.model;

import java.util.random.RandomGenerator;


/**
 * The state of the network: n particles theta_i = (c_i, z_i) in struct-of-arrays double buffers.
 * z is dimension-major, {@code z[j*n + i]} is coordinate j of particle i, so one coordinate of
 * consecutive particles is contiguous (the layout the vector engine streams across lanes).
 */
public final class Particles {
    private final int n;
    private final int zDim;
    private final double[] c;
    private final double[] z;

    /** n particles with zDim parameters each, all zero. */
    public Particles(int n, int zDim) {
        if (n < 1 || zDim < 1) {
            throw new IllegalArgumentException("need n >= 1 and zDim >= 1, got " + n + ", " + zDim);
        }
        this.n = n;
        this.zDim = zDim;
        this.c = new double[n];
        this.z = new double[Math.multiplyExact(n, zDim)];
    }

    /**
     * The default initialisation of SCIENCE.md section 2: z from the unit's law, and c_i = 0, or
     * N(0, sigmaC^2) when {@code sigmaC > 0}. Particles are drawn in index order from {@code rng}.
     */
    public static Particles initialise(Unit unit, int n, int d, double sigmaC, RandomGenerator rng) {
        Particles particles = new Particles(n, unit.zDim(d));
        double[] zi = new double[particles.zDim];
        for (int i = 0; i < n; i++) {
            unit.initialise(rng, d, zi);
            particles.setZ(i, zi);
            particles.c[i] = sigmaC > 0 ? sigmaC * rng.nextGaussian() : 0;
        }
        return particles;
    }

    public int n() {
        return n;
    }

    public int zDim() {
        return zDim;
    }

    /** Output weights c_i. */
    public double[] c() {
        return c;
    }

    /** Unit parameters, dimension-major: {@code z()[j*n + i]}. */
    public double[] z() {
        return z;
    }

    /** Gathers z_i into {@code out[0 .. zDim)}. */
    public void getZ(int i, double[] out) {
        for (int j = 0; j < zDim; j++) {
            out[j] = z[j * n + i];
        }
    }

    /** Scatters {@code in[0 .. zDim)} into z_i. */
    public void setZ(int i, double[] in) {
        for (int j = 0; j < zDim; j++) {
            z[j * n + i] = in[j];
        }
    }

    /**
     * Adds {@code draws} to particles [from, to), laid out particle by particle: c_i, then z_i's
     * components (the layout of {@code engine.ChunkNoise}'s draws).
     */
    public void add(int from, int to, double[] draws) {
        int k = 0;
        for (int i = from; i < to; i++) {
            c[i] += draws[k++];
            for (int j = 0; j < zDim; j++) {
                z[j * n + i] += draws[k++];
            }
        }
    }

    /** Overwrites this system with {@code other}, which has the same n and zDim. */
    public void copyFrom(Particles other) {
        System.arraycopy(other.c, 0, c, 0, n);
        System.arraycopy(other.z, 0, z, 0, z.length);
    }

    /** A deep copy. */
    public Particles copy() {
        Particles copy = new Particles(n, zDim);
        System.arraycopy(c, 0, copy.c, 0, n);
        System.arraycopy(z, 0, copy.z, 0, z.length);
        return copy;
    }
}
