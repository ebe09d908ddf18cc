package org.meanfield.engine;

/**
 * The fixed split of particles into chunks shared by every engine. Chunk bounds depend on n only
 * (never on the thread count), which is what makes runs bitwise identical across thread counts.
 * The size is a multiple of every vector lane count (up to 16 floats for AVX-512).
 */
public final class Chunks {
    /** Particles per chunk: small enough that a chunk's parameters stay in L1/L2 cache. */
    public static final int SIZE = 256;

    private Chunks() {
    }

    /** Number of chunks covering {@code n} particles. */
    public static int count(int n) {
        return (n + SIZE - 1) / SIZE;
    }

    /** First particle of chunk {@code chunk}. */
    public static int start(int chunk) {
        return chunk * SIZE;
    }

    /** One past the last particle of chunk {@code chunk} among {@code n}. */
    public static int end(int chunk, int n) {
        return Math.min(n, (chunk + 1) * SIZE);
    }
}
