package org.meanfield.engine;

import java.util.concurrent.CountDownLatch;

/**
 * Measures this machine's fp32 FMA peak with the Vector API, in the calling process, so that a
 * benchmark can say what fraction of it the engine reaches: {@code threads} threads each run
 * independent FMA chains for a fixed time, after a warm-up that gets the loop compiled by C2.
 */
public final class FmaPeak {
    private static volatile float sink;
    private static final java.lang.management.ThreadMXBean THREAD = java.lang.management.ManagementFactory.getThreadMXBean();

    private FmaPeak() {
    }

    /**
     * GFLOP/s of {@code threads} threads running FMA chains for about {@code millis} ms: the best of
     * three timed runs of a third of that each. One is not enough: C2's first compile of the chains'
     * loop can be thrown away when the loop ends (an uncommon trap, seen in the compile log), and a
     * run timed before the recompile was several times slow (bench printed a fraction of the peak
     * of 758 % in one of about 60 JVMs on the dev machine, and several on the 16-core device).
     */
    public static double gflops(int threads, long millis) throws InterruptedException {
        for (int round = 0; round < 5; round++) {
            chains(200_000, round);
        }
        double best = 0;
        for (int run = 0; run < 3; run++) {
            best = Math.max(best, timedGflops(threads, Math.max(1, millis / 3)));
        }
        return best;
    }

    private static double timedGflops(int threads, long millis) throws InterruptedException {
        long iterations = calibrate(millis);
        CountDownLatch start = new CountDownLatch(1);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            final float seed = t;
            workers[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                chains(iterations, seed);
            }, "fma-peak-" + t);
            workers[t].start();
        }
        long begin = System.nanoTime();
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - begin) * 1e-9;
        return threads * (double) iterations * VectorKernels.FMA_CHAIN_FLOPS / seconds * 1e-9;
    }

    /**
     * GFLOP/s of the fastest of many short (about {@code sampleMillis} ms) runs of the FMA chains
     * on the calling thread, timed by the thread's CPU time (which excludes the time slices that
     * other processes take), in rounds of {@code roundSeconds} until a round no longer improves
     * the best by 2 % (at least five rounds, at most {@code maxSeconds} of wall time): so the
     * peak of a core even on a busy machine, where C2 also compiles late.
     */
    public static double bestGflops(double roundSeconds, double sampleMillis, double maxSeconds) {
        for (int round = 0; round < 5; round++) {
            chains(200_000, round);
        }
        long iterations = Math.max(10_000, calibrate((long) Math.max(1, sampleMillis)) / 4);
        long best = Long.MAX_VALUE;
        long giveUp = System.nanoTime() + (long) (maxSeconds * 1e9);
        for (int rounds = 0; rounds < 5 || System.nanoTime() < giveUp; rounds++) {
            long before = best;
            long end = System.nanoTime() + (long) (roundSeconds * 1e9);
            do {
                long begin = THREAD.getCurrentThreadCpuTime();
                chains(iterations, 0.25f);
                best = Math.min(best, THREAD.getCurrentThreadCpuTime() - begin);
            } while (System.nanoTime() < end);
            if (rounds >= 4 && best > 0.98 * before) {
                break;
            }
        }
        return (double) iterations * VectorKernels.FMA_CHAIN_FLOPS / best;
    }

    /** Runs the FMA chains and folds every chain's end into the sink, so that none is dead code. */
    private static void chains(long iterations, float seed) {
        float[] out = new float[VectorKernels.FMA_CHAIN_FLOATS];
        VectorKernels.fmaChains(iterations, seed, out);
        float sum = 0;
        for (float value : out) {
            sum += value;
        }
        sink += sum;
    }

    private static long calibrate(long millis) {
        long iterations = 1_000_000;
        long begin = System.nanoTime();
        chains(iterations, 0.5f);
        double seconds = Math.max(1e-6, (System.nanoTime() - begin) * 1e-9);
        return Math.max(iterations, (long) (iterations * (millis * 1e-3) / seconds));
    }
}
