package org.meanfield.engine;

import org.meanfield.model.Particles;
import org.meanfield.model.Rng;

/**
 * Langevin noise added to a double-precision particle store by a {@link ChunkPool}: each fixed chunk
 * of {@link Chunks} draws from its own stream, seeded with {@code Rng.derive(seed, step, chunk)}, so
 * the numbers do not depend on the thread count. Allocates nothing per call.
 */
public final class ChunkNoise {
    private final Particles particles;
    private final ChunkPool pool;
    private final int chunks;
    private final Rng[] rngs;
    private final ChunkPool.ChunkJob job = this::chunk;
    // Arguments of the chunk job, set before each parallel call.
    private double std;
    private long seed;
    private long step;

    /** Noise for {@code particles}, run on {@code pool}. */
    public ChunkNoise(Particles particles, ChunkPool pool) {
        this.particles = particles;
        this.pool = pool;
        this.chunks = Chunks.count(particles.n());
        this.rngs = new Rng[pool.threads()];
        for (int w = 0; w < rngs.length; w++) {
            rngs[w] = new Rng(0);
        }
    }

    /** Adds {@code std * xi}, xi ~ N(0, 1), to every parameter: the noise of step {@code step}. */
    public void add(double std, long seed, long step) {
        this.std = std;
        this.seed = seed;
        this.step = step;
        pool.run(chunks, job);
    }

    private void chunk(int chunk, int worker) {
        Rng rng = rngs[worker];
        rng.setState(Rng.derive(seed, step, chunk));
        particles.addNoise(Chunks.start(chunk), Chunks.end(chunk, particles.n()), std, rng);
    }
}
