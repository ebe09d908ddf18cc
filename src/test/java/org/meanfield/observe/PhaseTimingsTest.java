package org.meanfield.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The per-phase histograms: counts, ordered percentiles in ms, phase order, reset, clamping, table. */
class PhaseTimingsTest {
    @Test
    void percentilesAreInMillisecondsAndOrdered() {
        PhaseTimings timings = new PhaseTimings();
        for (int i = 1; i <= 1000; i++) {
            timings.record(Phase.FORWARD, i * 1000L); // 1 us .. 1 ms
        }
        PhasePercentiles p = timings.percentiles(Phase.FORWARD);
        assertEquals(1000, p.count());
        assertEquals(0.5, p.p50Ms(), 0.001);
        assertEquals(1.0, p.maxMs(), 0.001);
        assertOrdered(p);
    }

    @Test
    void summaryHoldsRecordedPhasesInPhaseOrder() {
        PhaseTimings timings = new PhaseTimings();
        timings.record(Phase.EVALUATION, 5);
        timings.record(Phase.BACKWARD, 3);
        timings.record(Phase.STEP, 9);
        Map<String, PhasePercentiles> summary = timings.summary();
        assertEquals(List.of("step", "backward", "evaluation"), List.copyOf(summary.keySet()));
    }

    @Test
    void resetForgetsAndOutOfRangeTimesAreClamped() {
        PhaseTimings timings = new PhaseTimings();
        timings.record(Phase.SAMPLE, Long.MAX_VALUE);
        timings.record(Phase.SAMPLE, -1);
        assertEquals(2, timings.count(Phase.SAMPLE));
        assertTrue(timings.percentiles(Phase.SAMPLE).maxMs() >= PhaseTimings.HIGHEST_NANOS * 1e-6 * 0.999);
        timings.reset();
        assertEquals(0, timings.count(Phase.SAMPLE));
        assertTrue(timings.summary().isEmpty());
    }

    @Test
    void tableHasAHeaderAndALinePerPhase() {
        PhaseTimings timings = new PhaseTimings();
        timings.record(Phase.STEP, 2_000_000);
        timings.record(Phase.FORWARD, 1_000_000);
        String[] lines = TimingTable.format(timings.summary(), "  ").split("\\R");
        assertEquals(3, lines.length);
        assertTrue(lines[0].contains("p99.9"), lines[0]);
        assertTrue(lines[1].trim().startsWith("step"), lines[1]);
        assertTrue(lines[2].trim().startsWith("forward"), lines[2]);
        assertFalse(lines[2].contains("NaN"), lines[2]);
    }

    /** p50 <= p90 <= p99 <= p99.9 <= max, all positive. */
    static void assertOrdered(PhasePercentiles p) {
        String text = p.toString();
        assertTrue(p.p50Ms() > 0, text);
        assertTrue(p.p50Ms() <= p.p90Ms(), text);
        assertTrue(p.p90Ms() <= p.p99Ms(), text);
        assertTrue(p.p99Ms() <= p.p999Ms(), text);
        assertTrue(p.p999Ms() <= p.maxMs(), text);
    }
}
