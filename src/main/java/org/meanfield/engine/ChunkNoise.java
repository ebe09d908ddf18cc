package org.meanfield.engine;

import org.meanfield.model.Rng;

/**
 * The one order in which Langevin noise is drawn, for every {@link ParticleSystem}: each fixed chunk
 * of {@link Chunks} draws from its own stream, seeded with {@code Rng.derive(seed, step, chunk)},
 * particle by particle, c_i first, then z_i's components in order; the system adds the chunk's draws
 * to its own buffers ({@link Store}). The numbers depend on n, the seed and the step only, never on
 * the thread count or on how a system stores its particles. Allocates nothing per call.
 */
public final class ChunkNoise {
    /** A particle store that adds one chunk's draws to its parameters. */
    @FunctionalInterface
    public interface Store {
        /**
         * Adds {@code draws} to particles [from, to): particle i's c gets
         * {@code draws[(i - from) * (1 + zDim)]}, its j-th component of z the entry {@code j + 1} after that.
         */
        void add(int from, int to, double[] draws);
    }

    private final int n;
    private final int zDim;
    private final ChunkPool pool;
    private final Store store;
    private final int chunks;
    private final Rng[] rngs;
    private final double[][] draws;
    private final ChunkPool.ChunkJob job = this::chunk;
    // Arguments of the chunk job, set before each parallel call.
    private double std;
    private long seed;
    private long step;

    /** Noise for n particles of zDim parameters z held by {@code store}, drawn on {@code pool}. */
    public ChunkNoise(int n, int zDim, ChunkPool pool, Store store) {
        this.n = n;
        this.zDim = zDim;
        this.pool = pool;
        this.store = store;
        this.chunks = Chunks.count(n);
        this.rngs = new Rng[pool.threads()];
        this.draws = new double[pool.threads()][Chunks.SIZE * (1 + zDim)];
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
        int from = Chunks.start(chunk);
        int to = Chunks.end(chunk, n);
        double[] out = draws[worker];
        int count = (to - from) * (1 + zDim);
        for (int k = 0; k < count; k++) {
            out[k] = std * rng.nextGaussian();
        }
        store.add(from, to, out);
    }
}
