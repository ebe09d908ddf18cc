package org.meanfield.engine;

import org.meanfield.model.Particles;
import org.meanfield.model.Points;

/**
 * The training step's arithmetic over a particle system held by the engine: f_n at a batch of
 * points (forward), and the mean-field forces from the residual at those points (backward).
 *
 * <p>Both passes cost O(n P d): the force is computed from the residual r_p = f(x_p) - f_n(x_p),
 * never from the O(n^2 P) pair sum. Work is split into fixed chunks of particles whose partial
 * results are combined in chunk order, so results do not depend on the number of threads. Once warm,
 * no method allocates.
 */
public interface Engine extends AutoCloseable {
    /** "scalar" or "vector". */
    String kernel();

    /** Number of particles. */
    int n();

    /** out[p] = f_n(x_p) = (1/n) sum_i c_i phi(x_p, z_i) for every point of {@code x}. */
    void predict(Points x, double[] out);

    /**
     * The force on every particle, force_i = (1/P) sum_p r_p grad_theta (c phi(x_p, z))|_{theta_i},
     * written to {@code forceC[i]} and {@code forceZ[j*n + i]} (the layout of {@link Particles}).
     */
    void forces(Points x, double[] residual, double[] forceC, double[] forceZ);

    /** One explicit Euler step in mean-field time: theta_i += dt * force_i. */
    void descend(Points x, double[] residual, double dt);

    /** Whether every parameter was finite after the last {@link #descend}. */
    boolean finite();

    /**
     * Adds {@code std * xi} to every parameter, xi ~ N(0, 1) drawn from streams named by
     * (seed, step, chunk): the same numbers whatever the thread count.
     */
    void addNoise(double std, long seed, long step);

    /** Copies the engine's particles into {@code out}. */
    void read(Particles out);

    /** Replaces the engine's particles with {@code in}. */
    void write(Particles in);

    /** The engine's worker pool (its threads are needed for allocation accounting). */
    ChunkPool pool();

    /** Stops the engine's threads. */
    @Override
    void close();
}
