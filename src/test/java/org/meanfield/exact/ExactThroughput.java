package org.meanfield.exact;

import java.util.Locale;

import org.meanfield.model.GaussianUnit;
import org.meanfield.model.Particles;
import org.meanfield.model.Rng;
import org.meanfield.model.ThreeSpinTarget;

/**
 * A small harness (not a test) for the throughput of {@link ExactGaussianSystem#step}: ordered pairs
 * per second and effective GFLOP/s ({@link ExactGaussianSystem#flopsPerPair}) after a warm-up.
 * Usage: {@code java --add-modules jdk.incubator.vector -cp classes:test-classes
 * org.meanfield.exact.ExactThroughput [n] [d] [threads] [seconds]}.
 */
public final class ExactThroughput {
    private ExactThroughput() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int d = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 5;
        ThreeSpinTarget target = new ThreeSpinTarget(d, 1);
        GaussianUnit unit = new GaussianUnit(1.0 / d);
        Particles particles = Particles.initialise(unit, n, d, 0.0, new Rng(2));
        try (ExactGaussianSystem system = new ExactGaussianSystem(target, unit, d, particles, threads)) {
            double dt = 0.5;
            long warmEnd = System.nanoTime() + (long) (0.4 * seconds * 1e9);
            while (System.nanoTime() < warmEnd) {
                system.step(dt);
            }
            com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            for (int round = 0; round < 3; round++) {
                long allocated = bean.getCurrentThreadAllocatedBytes();
                long steps = 0;
                long begin = System.nanoTime();
                long end = begin + (long) (seconds / 5 * 1e9);
                double loss = 0;
                while (System.nanoTime() < end) {
                    loss = system.step(dt);
                    steps++;
                }
                double elapsed = (System.nanoTime() - begin) * 1e-9;
                allocated = bean.getCurrentThreadAllocatedBytes() - allocated;
                double pairs = (double) system.pairsPerStep() * steps / elapsed;
                System.out.println(String.format(Locale.ROOT,
                        "exact n = %d d = %d threads = %d: %.3f ms/step, %.1f M pairs/s, %.2f GFLOP/s, %d bytes/step on the caller (loss %.6g)",
                        n, d, threads, elapsed / steps * 1e3, pairs * 1e-6, pairs * ExactGaussianSystem.flopsPerPair(d) * 1e-9,
                        allocated / steps, loss));
            }
        }
    }
}
