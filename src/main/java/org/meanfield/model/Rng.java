package org.meanfield.model;

import java.util.random.RandomGenerator;

/**
 * A seeded, splittable SplitMix64 generator behind the {@link RandomGenerator} interface of
 * {@code java.util.random}.
 *
 * <p>Its whole state is one {@code long}: it can be saved, restored and re-seeded in place, which the
 * JDK's own generators do not allow. That is what makes runs resumable bit for bit and lets the
 * engines re-seed per-chunk noise streams every step without allocating. Streams are split by
 * hashing (seed, key, key) with {@link #derive}, so the numbers a chunk draws do not depend on which
 * thread computes it. Gaussians come from the interface's default (ziggurat) method.
 */
public final class Rng implements RandomGenerator {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private long state;

    /** A generator whose stream is fixed by {@code seed}. */
    public Rng(long seed) {
        this.state = seed;
    }

    /** The SplitMix64 finaliser: a bijective 64-bit mix with good avalanche. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** The seed of an independent stream named by {@code (seed, a, b)}. */
    public static long derive(long seed, long a, long b) {
        return mix(mix(mix(seed + GOLDEN_GAMMA) ^ (a * GOLDEN_GAMMA + 0x632be59bd9b4e019L)) ^ (b + 0x3c6ef372fe94f82aL));
    }

    /** A child generator for stream {@code key}, independent of this one's future output. */
    public Rng split(long key) {
        return new Rng(derive(state, key, 0));
    }

    @Override
    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** The whole state, for checkpoints. */
    public long state() {
        return state;
    }

    /** Restores a state from {@link #state()}, or re-seeds in place. */
    public void setState(long state) {
        this.state = state;
    }
}
