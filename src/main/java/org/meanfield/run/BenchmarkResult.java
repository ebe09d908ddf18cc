package org.meanfield.run;

import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.meanfield.observe.PhasePercentiles;
import org.meanfield.observe.TimingTable;

/**
 * What {@code meanfield bench} reports: step times (mean and percentiles, ms), throughput as pairs
 * per second (particle-point pairs n P for SGD, ordered particle pairs n^2 for exact dynamics) and
 * effective GFLOP/s (flopsPerPair per pair), the FMA peak of the arithmetic's precision measured in
 * the same process and the fraction of it reached, heap bytes allocated per step, and the
 * percentiles (ms) of each phase of the step ({@code phases}); {@code warmupS} is how long the
 * warm-up ran (longer than asked while the step still allocated, as before C2 has compiled it).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BenchmarkResult(String kernel, String unit, String dynamics, int d, int n, int batch, int threads,
        String species, String jdk, double warmupS, long steps, double stepMsMean, double stepMsP50, double stepMsP90,
        double stepMsP99, double stepMsP999, double stepMsMax, double pairsPerS, double flopsPerPair,
        String precision, double gflops, double peakGflops, double fractionOfPeak, double allocBytesPerStep,
        Map<String, PhasePercentiles> phases) {

    /** A human-readable table. */
    public String table() {
        boolean exact = "exact".equals(dynamics);
        StringBuilder out = new StringBuilder();
        row(out, "configuration", exact
                ? String.format(Locale.ROOT, "%s, exact dynamics, d = %d, n = %d", unit, d, n)
                : String.format(Locale.ROOT, "%s, %s, d = %d, n = %d, P = %d", unit, dynamics, d, n, batch));
        row(out, "engine", String.format(Locale.ROOT, "%s, %d thread(s), species %s, JDK %s", kernel, threads, species, jdk));
        row(out, "steps measured", String.format(Locale.ROOT, "%d (after %.1f s of warm-up)", steps, warmupS));
        row(out, "step time (ms)", String.format(Locale.ROOT, "mean %.4g  p50 %.4g  p90 %.4g  p99 %.4g  p99.9 %.4g  max %.4g",
                stepMsMean, stepMsP50, stepMsP90, stepMsP99, stepMsP999, stepMsMax));
        row(out, "pairs per second", String.format(Locale.ROOT, "%.4g (%s a step)", pairsPerS,
                exact ? "n^2 ordered particle pairs" : "n*P particle-point pairs"));
        row(out, "effective GFLOP/s", String.format(Locale.ROOT, "%.4g (%.4g flops a pair)", gflops, flopsPerPair));
        row(out, "FMA peak GFLOP/s", String.format(Locale.ROOT, "%.4g (%s, same threads, same process%s)", peakGflops,
                precision, exact ? "; half the float32 peak" : ""));
        row(out, "fraction of peak", String.format(Locale.ROOT, "%.1f %%", 100 * fractionOfPeak));
        row(out, "allocated per step", String.format(Locale.ROOT, "%.1f bytes", allocBytesPerStep));
        out.append(TimingTable.format(phases, ""));
        return out.toString();
    }

    private static void row(StringBuilder out, String name, String value) {
        out.append(String.format(Locale.ROOT, "%-20s %s%n", name, value));
    }
}
