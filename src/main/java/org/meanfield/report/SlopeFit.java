package org.meanfield.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;
import org.meanfield.model.Rng;

/**
 * A power law loss = A n^slope fitted by least squares to log(loss) = log(A) + slope log(n), with a
 * 95 % interval for the slope from a bootstrap over seeds.
 *
 * <p><b>What is resampled.</b> The runs at one n are that n's seeds. Each replicate redraws, for every
 * n independently, as many seeds as it has, with replacement, from that n's own runs, and refits.
 * Strata by n keep the design (every n keeps its number of runs), and each n keeps its own spread, so
 * a spread that changes with n is respected. The resampled values are the n's mean log-loss plus its
 * deviations rescaled by sqrt(k/(k - 1)), k its number of seeds, so that the bootstrap variance of
 * each n's mean is the unbiased s^2/k rather than (k - 1)/k of it (a third too small at k = 3). A
 * value of n with a single run draws its deviation from the pooled, rescaled deviations of the others.
 *
 * <p><b>Why the correction.</b> With 3 to 5 seeds per n the percentile interval of that bootstrap
 * under-covers for two reasons: the plug-in variance shrinkage above, and the fact that the spread
 * is itself estimated from few runs, for which a normal quantile is too small (the reason Student
 * used t). The interval is therefore the bootstrap percentile interval with its two half-widths,
 * measured from the estimate, multiplied by t_{nu, 0.975} / z_{0.975}, where nu is the
 * Welch-Satterthwaite degrees of freedom of the slope's variance sum_j C_j^2 s_j^2 / k_j (C_j the
 * least-squares weight of n_j's runs). This is the "expanded percentile interval" of Hesterberg (The
 * American Statistician 69, 2015), with the stratified design's degrees of freedom, applied to the
 * half-widths rather than the quantile levels, which at nu = 2 would be far beyond what a few
 * thousand replicates resolve. Measured on synthetic power laws (3 to 5 seeds, 6 to 8 values of n;
 * normal, n-dependent and heavy-tailed scatter; 2000 sweeps each) it covers the true exponent
 * 94 to 97 % of the time, where the naive percentile interval covers 80 to 90 %;
 * {@code SlopeFitCoverageTest} keeps a smaller version of that measurement.
 *
 * <p><b>What it does not cover.</b> The interval is for seed-to-seed scatter only: it assumes the
 * power law holds over the fitted range (a curved log-log plot is a bias no bootstrap over seeds can
 * see; raise the smallest n to check), treats runs at different n as independent, and ignores the
 * Monte-Carlo error of the test loss (one test set for all runs of a target, so a common offset
 * that does not move the slope). Runs at different n are independent draws: every seed stream
 * depends on n too ({@code model.SeedStreams}). Were a seed's runs correlated across n (with a
 * correlation of 0.7 between neighbouring n the interval covers only about 87 %), {@link SeedSlopes}
 * is the check that holds whatever that correlation.
 * With one seed at every n there is nothing to resample: the classical least-squares interval from
 * the residuals about the line (t with N - 2 degrees of freedom) is reported instead, with
 * {@link #OLS_RESIDUAL} as the method; with two points, no interval.
 *
 * @param slope least-squares slope of log(loss) against log(n)
 * @param lower lower end of its 95 % interval (NaN when there is none)
 * @param upper upper end of its 95 % interval (NaN when there is none)
 * @param logPrefactor least-squares intercept log(A)
 * @param points runs in the fit
 * @param nValues distinct values of n in the fit
 * @param nMin smallest n in the fit
 * @param nMax largest n in the fit
 * @param replicates bootstrap replicates (0 when the method is not a bootstrap)
 * @param df degrees of freedom of the t widening (NaN when none)
 * @param method {@link #SEED_BOOTSTRAP}, {@link #PERCENTILE}, {@link #OLS_RESIDUAL} or {@link #NONE}
 */
public record SlopeFit(double slope, double lower, double upper, double logPrefactor, int points, int nValues,
        double nMin, double nMax, int replicates, double df, String method) {

    /** The stratified, rescaled bootstrap over seeds with the t widening (the default). */
    public static final String SEED_BOOTSTRAP = "seed-bootstrap-t";
    /** The naive stratified percentile bootstrap, kept to measure what the correction buys. */
    public static final String PERCENTILE = "seed-bootstrap-percentile";
    /** One seed per n: the least-squares interval from the residuals about the line. */
    public static final String OLS_RESIDUAL = "ols-residual-t";
    /** Two points, one seed each: a slope and no interval. */
    public static final String NONE = "none";
    /** Replicates of the reports' bootstrap. */
    public static final int REPLICATES = 4000;
    /** The 0.975 quantile of the standard normal. */
    private static final double Z975 = NormalDistribution.of(0, 1).inverseCumulativeProbability(0.975);
    /** Seed of the reports' bootstrap, fixed so that a report is reproducible. */
    public static final long BOOTSTRAP_SEED = 0x5EED_F17L;

    /** A = exp(log A). */
    public double prefactor() {
        return Math.exp(logPrefactor);
    }

    /** The fitted loss at {@code n}. */
    public double at(double n) {
        return Math.exp(logPrefactor + slope * Math.log(n));
    }

    /** Whether there is an interval. */
    public boolean hasInterval() {
        return !Double.isNaN(lower);
    }

    /** The fit of the reports: {@link #REPLICATES} replicates from {@link #BOOTSTRAP_SEED}. */
    public static SlopeFit fit(double[] n, double[] loss) {
        return fit(n, loss, REPLICATES, BOOTSTRAP_SEED);
    }

    /**
     * Fits loss = A n^slope to the runs ({@code n[i]}, {@code loss[i]}); runs with equal n are that
     * n's seeds. The result does not depend on the order of the runs.
     *
     * @throws IllegalArgumentException if the arrays differ in length, a value is not finite and
     *     positive, or there are fewer than two values of n
     */
    public static SlopeFit fit(double[] n, double[] loss, int replicates, long seed) {
        return fit(n, loss, replicates, seed, true);
    }

    /** The uncorrected percentile interval, for comparison only. */
    static SlopeFit percentile(double[] n, double[] loss, int replicates, long seed) {
        return fit(n, loss, replicates, seed, false);
    }

    private static SlopeFit fit(double[] n, double[] loss, int replicates, long seed, boolean corrected) {
        if (n.length != loss.length) {
            throw new IllegalArgumentException("n and loss differ in length: " + n.length + " and " + loss.length);
        }
        if (replicates < 1) {
            throw new IllegalArgumentException("need at least one replicate, got " + replicates);
        }
        Map<Double, List<Double>> byN = new TreeMap<>();
        for (int i = 0; i < n.length; i++) {
            if (!(n[i] > 0 && Double.isFinite(n[i]) && loss[i] > 0 && Double.isFinite(loss[i]))) {
                throw new IllegalArgumentException("need finite positive n and loss, got n = " + n[i]
                        + ", loss = " + loss[i]);
            }
            byN.computeIfAbsent(n[i], key -> new ArrayList<>()).add(Math.log(loss[i]));
        }
        if (byN.size() < 2) {
            throw new IllegalArgumentException("a slope needs at least two values of n, got " + byN.size());
        }
        Strata s = new Strata(byN);
        double slope = 0;
        for (int j = 0; j < s.count; j++) {
            slope += s.weight[j] * s.mean[j];
        }
        double logPrefactor = s.yBar - slope * s.xBar;
        double nMin = s.n[0];
        double nMax = s.n[s.count - 1];
        int points = s.total;
        if (s.replicated == 0) {
            return residualInterval(s, slope, logPrefactor);
        }

        double[][] pool = s.resamplingPools(corrected);
        Rng rng = new Rng(seed);
        double[] slopes = new double[replicates];
        for (int b = 0; b < replicates; b++) {
            double value = slope;
            for (int j = 0; j < s.count; j++) {
                double[] from = pool[j];
                double sum = 0;
                for (int i = 0; i < s.size[j]; i++) {
                    sum += from[rng.nextInt(from.length)];
                }
                value += s.weight[j] * sum / s.size[j];
            }
            slopes[b] = value;
        }
        Arrays.sort(slopes);
        // Deviations average zero in every stratum, so the estimate lies inside the bootstrap's bulk;
        // the clamp only keeps a degenerate replicate set from giving a half-width of the wrong sign.
        double lo = Math.min(quantile(slopes, 0.025), slope);
        double hi = Math.max(quantile(slopes, 0.975), slope);
        if (!corrected) {
            return new SlopeFit(slope, lo, hi, logPrefactor, points, s.count, nMin, nMax, replicates, Double.NaN,
                    PERCENTILE);
        }
        double df = s.satterthwaite();
        double widen = Double.isNaN(df) ? 1 : t975(df) / Z975;
        return new SlopeFit(slope, slope - (slope - lo) * widen, slope + (hi - slope) * widen, logPrefactor, points,
                s.count, nMin, nMax, replicates, df, SEED_BOOTSTRAP);
    }

    private static SlopeFit residualInterval(Strata s, double slope, double logPrefactor) {
        int residualDf = s.total - 2;
        if (residualDf < 1) {
            return new SlopeFit(slope, Double.NaN, Double.NaN, logPrefactor, s.total, s.count, s.n[0],
                    s.n[s.count - 1], 0, Double.NaN, NONE);
        }
        double sse = 0;
        for (int j = 0; j < s.count; j++) {
            double r = s.mean[j] - (logPrefactor + slope * s.x[j]);
            sse += r * r;
        }
        double se = Math.sqrt(sse / residualDf / s.sxx);
        double half = t975(residualDf) * se;
        return new SlopeFit(slope, slope - half, slope + half, logPrefactor, s.total, s.count, s.n[0],
                s.n[s.count - 1], 0, residualDf, OLS_RESIDUAL);
    }

    /** The q-quantile of sorted values, interpolating between order statistics. */
    static double quantile(double[] sorted, double q) {
        double at = q * (sorted.length - 1);
        int i = (int) Math.floor(at);
        if (i >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        return sorted[i] + (at - i) * (sorted[i + 1] - sorted[i]);
    }

    /** The runs by n: each stratum's log n, size, mean log-loss, deviations and least-squares weight. */
    private static final class Strata {
        final int count;
        final double[] n;
        final double[] x;
        final int[] size;
        final double[] mean;
        final double[][] deviations;
        /** C_j: the slope is sum_j C_j mean_j, as the least-squares weights sum to zero. */
        final double[] weight;
        final int total;
        /** Strata with at least two runs. */
        final int replicated;
        final double xBar;
        final double yBar;
        final double sxx;

        Strata(Map<Double, List<Double>> byN) {
            count = byN.size();
            n = new double[count];
            x = new double[count];
            size = new int[count];
            mean = new double[count];
            deviations = new double[count][];
            weight = new double[count];
            int j = 0;
            int runs = 0;
            int withSpread = 0;
            double sumX = 0;
            double sumY = 0;
            for (Map.Entry<Double, List<Double>> e : byN.entrySet()) {
                // Sorted values make the bootstrap draws independent of the order the runs came in.
                double[] y = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
                n[j] = e.getKey();
                x[j] = Math.log(n[j]);
                size[j] = y.length;
                mean[j] = Arrays.stream(y).sum() / y.length;
                deviations[j] = new double[y.length];
                for (int i = 0; i < y.length; i++) {
                    deviations[j][i] = y[i] - mean[j];
                }
                runs += y.length;
                withSpread += y.length > 1 ? 1 : 0;
                sumX += y.length * x[j];
                sumY += y.length * mean[j];
                j++;
            }
            total = runs;
            replicated = withSpread;
            xBar = sumX / runs;
            yBar = sumY / runs;
            double ss = 0;
            for (int k = 0; k < count; k++) {
                ss += size[k] * (x[k] - xBar) * (x[k] - xBar);
            }
            sxx = ss;
            for (int k = 0; k < count; k++) {
                weight[k] = size[k] * (x[k] - xBar) / sxx;
            }
        }

        /** Sum of squared deviations and degrees of freedom pooled over the strata with two runs or more. */
        private double[] pooled() {
            double sse = 0;
            int df = 0;
            for (int j = 0; j < count; j++) {
                if (size[j] > 1) {
                    for (double e : deviations[j]) {
                        sse += e * e;
                    }
                    df += size[j] - 1;
                }
            }
            return new double[] {sse, df};
        }

        /**
         * What each stratum draws its deviations from: its own, or for a single run the pooled ones;
         * rescaled to unbiased variance when {@code corrected}.
         */
        double[][] resamplingPools(boolean corrected) {
            double[] pooledDeviations = new double[0];
            for (int j = 0; j < count; j++) {
                if (size[j] > 1) {
                    int at = pooledDeviations.length;
                    pooledDeviations = Arrays.copyOf(pooledDeviations, at + size[j]);
                    System.arraycopy(deviations[j], 0, pooledDeviations, at, size[j]);
                }
            }
            double pooledDf = pooled()[1];
            double pooledScale = corrected ? Math.sqrt(pooledDeviations.length / pooledDf) : 1;
            double[][] pools = new double[count][];
            for (int j = 0; j < count; j++) {
                double[] from = size[j] > 1 ? deviations[j] : pooledDeviations;
                double scale = size[j] > 1 ? (corrected ? Math.sqrt(size[j] / (size[j] - 1.0)) : 1) : pooledScale;
                pools[j] = new double[from.length];
                for (int i = 0; i < from.length; i++) {
                    pools[j][i] = scale * from[i];
                }
            }
            return pools;
        }

        /**
         * Welch-Satterthwaite degrees of freedom of sum_j C_j^2 s_j^2 / k_j, the single-run strata as
         * one term with the pooled variance and degrees of freedom; NaN if every deviation is zero.
         */
        double satterthwaite() {
            double[] p = pooled();
            double pooledVariance = p[0] / p[1];
            double sum = 0;
            double sumSquaresOverDf = 0;
            double singles = 0;
            for (int j = 0; j < count; j++) {
                if (size[j] > 1) {
                    double ss = 0;
                    for (double e : deviations[j]) {
                        ss += e * e;
                    }
                    double a = weight[j] * weight[j] * ss / (size[j] - 1) / size[j];
                    sum += a;
                    sumSquaresOverDf += a * a / (size[j] - 1);
                } else {
                    singles += weight[j] * weight[j] * pooledVariance;
                }
            }
            sum += singles;
            sumSquaresOverDf += singles * singles / p[1];
            return sum > 0 ? sum * sum / sumSquaresOverDf : Double.NaN;
        }
    }

    /** The 0.975 quantile of Student's t with {@code df} (possibly fractional) degrees of freedom. */
    static double t975(double df) {
        return TDistribution.of(df).inverseCumulativeProbability(0.975);
    }
}
