package org.meanfield.engine;

import org.meanfield.model.Particles;

/**
 * What every dynamics steps: a system of n particles theta_i = (c_i, z_i) held in the
 * implementation's own buffers (float32 or float64, padded or not). Sampled SGD and GD
 * ({@link Engine}), exact population GD and the kernel flow all are one; a run reads and writes the
 * particles through this contract for checkpoints, adds Langevin noise through it, and names the
 * implementation in config.json and checkpoints by its {@link #label()}.
 *
 * <p>Implementations split their work into the fixed chunks of {@link Chunks} and combine chunk
 * results in chunk order, so results do not depend on the thread count; once warm, no method
 * allocates.
 */
public interface ParticleSystem extends AutoCloseable {
    /**
     * The implementation, as checkpoints and config.json name it ({@code scalar}, {@code vector},
     * {@code exact-vector}, ...): a checkpoint continues only on the implementation that wrote it.
     */
    String label();

    /** Number of particles. */
    int n();

    /** Parameters z per particle (d, or d + 1 with a bias). */
    int zDim();

    /** Copies the particles into {@code out} (n by zDim, the layout of {@link Particles}). */
    void read(Particles out);

    /** Replaces the particles with {@code in}. */
    void write(Particles in);

    /**
     * Adds {@code std * xi}, xi ~ N(0, 1), to every parameter: the Langevin noise of step
     * {@code step}, drawn by {@link ChunkNoise} in its one order, so every implementation given the
     * same particles draws the same numbers whatever the thread count.
     */
    void addNoise(double std, long seed, long step);

    /** Stops the worker threads. */
    @Override
    void close();
}
