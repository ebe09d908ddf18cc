package org.meanfield.run;

import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.meanfield.observe.PhasePercentiles;
import org.meanfield.observe.TimingTable;

/**
 * What {@code meanfield bench} reports: step times (mean and percentiles, ms), throughput as
 * particle-point pairs per second and effective GFLOP/s (4 d n P flops a step), the FMA peak
 * measured in the same process and the fraction of it reached, heap bytes allocated per step, and the
 * percentiles (ms) of each phase of the step ({@code phases}: step, sample, forward, backward).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BenchmarkResult(String kernel, String unit, int d, int n, int batch, int threads, String species,
        String jdk, long steps, double stepMsMean, double stepMsP50, double stepMsP90, double stepMsP99,
        double stepMsP999, double stepMsMax, double pairsPerS, double gflops, double peakGflops,
        double fractionOfPeak, double allocBytesPerStep, Map<String, PhasePercentiles> phases) {

    /** A human-readable table. */
    public String table() {
        StringBuilder out = new StringBuilder();
        row(out, "configuration", String.format(Locale.ROOT, "%s, d = %d, n = %d, P = %d", unit, d, n, batch));
        row(out, "engine", String.format(Locale.ROOT, "%s, %d thread(s), species %s, JDK %s", kernel, threads, species, jdk));
        row(out, "steps measured", Long.toString(steps));
        row(out, "step time (ms)", String.format(Locale.ROOT, "mean %.4g  p50 %.4g  p90 %.4g  p99 %.4g  p99.9 %.4g  max %.4g",
                stepMsMean, stepMsP50, stepMsP90, stepMsP99, stepMsP999, stepMsMax));
        row(out, "pairs per second", String.format(Locale.ROOT, "%.4g", pairsPerS));
        row(out, "effective GFLOP/s", String.format(Locale.ROOT, "%.4g (4*d*n*P per step)", gflops));
        row(out, "FMA peak GFLOP/s", String.format(Locale.ROOT, "%.4g (same threads, same process)", peakGflops));
        row(out, "fraction of peak", String.format(Locale.ROOT, "%.1f %%", 100 * fractionOfPeak));
        row(out, "allocated per step", String.format(Locale.ROOT, "%.1f bytes", allocBytesPerStep));
        out.append(TimingTable.format(phases, ""));
        return out.toString();
    }

    private static void row(StringBuilder out, String name, String value) {
        out.append(String.format(Locale.ROOT, "%-20s %s%n", name, value));
    }
}
