package org.meanfield.observe;

import java.util.Locale;
import java.util.Map;

/** Phase percentiles as a fixed-width text table, the same for {@code train} and {@code bench}. */
public final class TimingTable {
    private TimingTable() {
    }

    /** One header line, then one line per phase, each starting with {@code indent}. */
    public static String format(Map<String, PhasePercentiles> timings, String indent) {
        StringBuilder out = new StringBuilder();
        out.append(indent).append(String.format(Locale.ROOT, "%-10s %8s %9s %9s %9s %9s %9s %9s%n", "phase (ms)",
                "count", "mean", "p50", "p90", "p99", "p99.9", "max"));
        for (Map.Entry<String, PhasePercentiles> entry : timings.entrySet()) {
            PhasePercentiles p = entry.getValue();
            out.append(indent).append(String.format(Locale.ROOT, "%-10s %8d %9.4g %9.4g %9.4g %9.4g %9.4g %9.4g%n",
                    entry.getKey(), p.count(), p.meanMs(), p.p50Ms(), p.p90Ms(), p.p99Ms(), p.p999Ms(), p.maxMs()));
        }
        return out.toString();
    }
}
