package org.meanfield.config;

import java.util.Locale;

import org.meanfield.model.Unit;

/**
 * The heap a run needs, estimated from its config before anything is allocated, so that a run too
 * large for the JVM is refused at validation in one line instead of running out of memory after
 * minutes (and a checkpoint of gigabytes). The estimate is deliberately generous: the particles are
 * held up to five times in float64 terms (the initial draw, the engine's copy and its forces, the
 * checkpoint snapshot, a resumed checkpoint), each point of the test set, sample or batch costs its
 * coordinates in float64 and float32 plus the engine's per-point scratch, and the target its d^3
 * coefficients.
 *
 * @param bytes the estimate
 */
public record MemoryEstimate(long bytes) {
    /** What the JVM itself, the libraries and the tables take besides. */
    static final long BASE = 64L << 20;

    /** The estimate for {@code config} (a valid one). */
    public static MemoryEstimate of(RunConfig config) {
        int d = config.d();
        long parameters = (long) config.n() * (1 + Unit.of(config.unit(), config.alpha()).zDim(d));
        // Each phase's batch or sample has buffers of its own, allocated up front.
        long points = switch (config.dynamics()) {
            case SGD -> (long) config.testSize() + pointsOfPhases(config, Params.BATCH);
            case GD -> (long) config.testSize() + pointsOfPhases(config, Params.SAMPLE);
            case FLOW -> config.testSize();
            case EXACT -> 0;
        };
        long perPoint = 12L * d + 64;
        return new MemoryEstimate(BASE + 40 * parameters + perPoint * points + 8L * d * d * d);
    }

    /** The points of every phase's batch or sample: each phase gets its own buffer. */
    private static long pointsOfPhases(RunConfig config, Param<SizeExpression> size) {
        long sum = 0;
        for (Schedule.Phase phase : config.schedule().phases()) {
            sum += phase.config().get(size).value(phase.config().n());
        }
        return sum;
    }

    /**
     * Why {@code config} does not fit a heap of {@code maxHeap} bytes, naming the options that
     * decide its size, or null when it fits.
     */
    public static String problem(RunConfig config, long maxHeap) {
        MemoryEstimate estimate = of(config);
        if (estimate.bytes() <= maxHeap) {
            return null;
        }
        String sizes = switch (config.dynamics()) {
            case EXACT -> "--particles and --dim";
            case FLOW -> "--particles, --dim and --test-size";
            case GD -> "--particles, --dim, --test-size and --sample";
            case SGD -> "--particles, --dim, --test-size and --batch";
        };
        return String.format(Locale.ROOT, "%s ask for about %.1f GB of heap and this JVM has %.1f GB: lower them, "
                + "or give the JVM more heap (MEANFIELD_JAVA_OPTS=-Xmx...)", sizes, estimate.bytes() / 1e9, maxHeap / 1e9);
    }
}
