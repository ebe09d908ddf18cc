package org.meanfield.report;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The cross-check of {@link SlopeFit}'s interval for a crossed design (the same seeds at every n):
 * one least-squares slope per seed, over that seed's runs, and a t interval with k - 1 degrees of
 * freedom for their mean, k the number of seeds. Each seed's slope uses its own runs only, so
 * however a seed's runs at different n might be correlated (meanfield's are not: its seed streams
 * depend on n; runs from other tools or older versions may share streams), the per-seed slopes are
 * independent and the interval is exact for normal scatter. It is wider than the bootstrap's (few degrees of freedom), and a much
 * wider spread than the bootstrap's says the runs of a seed move together across n.
 *
 * @param seeds seeds present at every n of the fit (only they are used)
 * @param mean mean of their slopes
 * @param lower lower end of the 95 % interval
 * @param upper upper end
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SeedSlopes(int seeds, double mean, double lower, double upper) {

    /**
     * The per-seed slopes of the runs ({@code n[i]}, {@code seed[i]}, {@code loss[i]}), or null
     * when fewer than two seeds appear at every value of n or there are fewer than two values.
     */
    public static SeedSlopes of(double[] n, long[] seed, double[] loss) {
        TreeSet<Double> ns = new TreeSet<>();
        for (double v : n) {
            ns.add(v);
        }
        Map<Long, Map<Double, double[]>> bySeed = new TreeMap<>();
        for (int i = 0; i < n.length; i++) {
            // Sum and count of log-losses of one (seed, n): a repeated run is averaged, not counted twice.
            double[] acc = bySeed.computeIfAbsent(seed[i], k -> new HashMap<>()).computeIfAbsent(n[i],
                    k -> new double[2]);
            acc[0] += Math.log(loss[i]);
            acc[1]++;
        }
        if (ns.size() < 2) {
            return null;
        }
        double xBar = ns.stream().mapToDouble(Math::log).average().orElseThrow();
        double sxx = ns.stream().mapToDouble(v -> (Math.log(v) - xBar) * (Math.log(v) - xBar)).sum();
        int k = 0;
        double sum = 0;
        double sumSquares = 0;
        for (Map<Double, double[]> runs : bySeed.values()) {
            if (!runs.keySet().containsAll(ns)) {
                continue;
            }
            double slope = 0;
            for (double v : ns) {
                double[] acc = runs.get(v);
                slope += (Math.log(v) - xBar) * acc[0] / acc[1] / sxx;
            }
            k++;
            sum += slope;
            sumSquares += slope * slope;
        }
        if (k < 2) {
            return null;
        }
        double mean = sum / k;
        double sd = Math.sqrt(Math.max(0, (sumSquares - k * mean * mean) / (k - 1)));
        double half = SlopeFit.t975(k - 1) * sd / Math.sqrt(k);
        return new SeedSlopes(k, mean, mean - half, mean + half);
    }
}
