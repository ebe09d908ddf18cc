package org.meanfield.model;

import org.meanfield.model.Rng;

/**
 * The independent random streams of a run, each derived from a seed, a fixed key and n. The target
 * and the test set hang off the target seed, so runs that differ only in {@code seed} (or n, or the
 * dynamics) fit the same function and are scored on the same points. The run's own streams also
 * depend on n: runs of different n with the same seed are independent draws, not nested ones (the
 * first 64 particles of n = 128 would otherwise be those of n = 64, and both would see the same
 * batches), so the errors of a sweep's points are independent and a fit over n can trust them.
 */
public final class SeedStreams {
    private static final long INIT = 1;
    private static final long BATCHES = 2;
    private static final long SAMPLE = 3;
    private static final long NOISE = 4;
    private static final long TEST = 5;

    private SeedStreams() {
    }

    public static long initialisation(long seed, int n) {
        return Rng.derive(seed, INIT, n);
    }

    public static long batches(long seed, int n) {
        return Rng.derive(seed, BATCHES, n);
    }

    public static long fixedSample(long seed, int n) {
        return Rng.derive(seed, SAMPLE, n);
    }

    public static long noise(long seed, int n) {
        return Rng.derive(seed, NOISE, n);
    }

    public static long testSet(long targetSeed) {
        return Rng.derive(targetSeed, TEST, 0);
    }
}
