package org.meanfield.observe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * One preallocated HdrHistogram of wall times (ns, three significant digits) per {@link Phase}.
 * Recording never allocates, so it can run inside the step; it is meant for one thread (the
 * training thread), which also reads the percentiles at the end.
 *
 * <p>One JIT effect shows in allocation counts. When HotSpot queues the recording path for C2
 * (after about 10^4 records, some thousands of steps in), it resolves the string constants of
 * AbstractHistogram on the recording thread: about 4 KB, once per JVM.
 */
public final class PhaseTimings {
    /** Longest time a histogram tracks exactly: one hour; longer times are recorded as one hour. */
    static final long HIGHEST_NANOS = 3_600_000_000_000L;

    private static final Phase[] PHASES = Phase.values();

    private final Histogram[] histograms = new Histogram[PHASES.length];

    /** Empty histograms for every phase. */
    public PhaseTimings() {
        for (int i = 0; i < histograms.length; i++) {
            histograms[i] = new Histogram(HIGHEST_NANOS, 3);
        }
    }

    /** Adds one time of {@code phase}, in nanoseconds. */
    public void record(Phase phase, long nanos) {
        // Out-of-range values would throw; clamping keeps a stalled step (debugger, suspend) harmless.
        histograms[phase.ordinal()].recordValue(Math.max(0, Math.min(nanos, HIGHEST_NANOS)));
    }

    /** How many times {@code phase} was recorded. */
    public long count(Phase phase) {
        return histograms[phase.ordinal()].getTotalCount();
    }

    /** Forgets every time recorded so far (used to drop a warm-up). */
    public void reset() {
        for (Histogram histogram : histograms) {
            histogram.reset();
        }
    }

    /** The percentiles of {@code phase}, in milliseconds (zeros when nothing was recorded). */
    public PhasePercentiles percentiles(Phase phase) {
        Histogram h = histograms[phase.ordinal()];
        if (h.getTotalCount() == 0) {
            return new PhasePercentiles(0, 0, 0, 0, 0, 0, 0);
        }
        return new PhasePercentiles(h.getTotalCount(), h.getMean() * 1e-6, ms(h, 50), ms(h, 90), ms(h, 99),
                ms(h, 99.9), h.getMaxValue() * 1e-6);
    }

    /** The percentiles of every phase that was recorded at least once, by label, in {@link Phase} order. */
    public Map<String, PhasePercentiles> summary() {
        Map<String, PhasePercentiles> out = new LinkedHashMap<>();
        for (Phase phase : PHASES) {
            if (count(phase) > 0) {
                out.put(phase.label(), percentiles(phase));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) * 1e-6;
    }
}
