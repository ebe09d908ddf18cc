package org.meanfield.run;

import org.meanfield.model.Rng;

/**
 * The independent random streams of a run, each derived from a seed and a fixed key. The target
 * and the test set hang off the target seed, so runs that differ only in {@code seed} (or n, or the
 * dynamics) fit the same function and are scored on the same points.
 */
public final class SeedStreams {
    private static final long INIT = 1;
    private static final long BATCHES = 2;
    private static final long SAMPLE = 3;
    private static final long NOISE = 4;
    private static final long TEST = 5;

    private SeedStreams() {
    }

    public static long initialisation(long seed) {
        return Rng.derive(seed, INIT, 0);
    }

    public static long batches(long seed) {
        return Rng.derive(seed, BATCHES, 0);
    }

    public static long fixedSample(long seed) {
        return Rng.derive(seed, SAMPLE, 0);
    }

    public static long noise(long seed) {
        return Rng.derive(seed, NOISE, 0);
    }

    public static long testSet(long targetSeed) {
        return Rng.derive(targetSeed, TEST, 0);
    }
}
