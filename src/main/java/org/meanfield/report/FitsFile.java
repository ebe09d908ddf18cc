package org.meanfield.report;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The contents of a sweep's {@code fits.json}.
 *
 * @param minN runs with n below this were left out of the fits
 * @param model the fitted model, in words
 * @param interval how the 95 % intervals are made, in words
 * @param bootstrapSeed seed of the bootstrap (fixed: the same sweep gives the same file)
 * @param fits one entry per group with at least two values of n at or above minN
 * @param skipped groups without a fit, and why
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record FitsFile(int minN, String model, String interval, long bootstrapSeed, List<Entry> fits,
        List<Skipped> skipped) {

    static final String MODEL = "least squares: log(tail_test_loss) = intercept + slope * log(n), over every "
            + "completed run with n >= min_n; prefactor = exp(intercept); tail_test_loss is the mean test loss over the "
            + "last quarter of the run's time (the level it settled at)";
    static final String INTERVAL = "95 %: bootstrap over seeds stratified by n (each n's seeds redrawn with "
            + "replacement, deviations from the n's mean log-loss rescaled by sqrt(k/(k-1))), percentile "
            + "half-widths widened by t(df, 0.975)/z(0.975), df Welch-Satterthwaite; covers seed-to-seed "
            + "scatter only, not departures from a power law. With one seed per n: least squares t interval "
            + "from the residuals (method ols-residual-t). seed_slopes: where two or more seeds ran at every n, the "
            + "mean of per-seed slopes with a t(k-1) interval, valid however a seed's runs correlate across n.";

    /**
     * One group's fit.
     *
     * @param name the group's file-name stem (its plots begin with it)
     * @param group the parameters its runs share
     * @param t mean-field time at the end of its runs
     * @param nMin smallest n in the fit
     * @param nMax largest n in the fit
     * @param nValues distinct n in the fit
     * @param runs runs in the fit
     * @param runsInGroup completed runs in the group, below min_n included
     * @param slope fitted exponent
     * @param slopeLow lower end of its 95 % interval (null: none)
     * @param slopeHigh upper end (null: none)
     * @param intercept log of the prefactor
     * @param prefactor A in loss = A n^slope
     * @param method {@link SlopeFit#method()}
     * @param df degrees of freedom of the interval's t factor (null: none)
     * @param bootstrapReplicates replicates drawn (0: no bootstrap)
     * @param seedSlopes the per-seed cross-check ({@link SeedSlopes}; null unless two or more seeds
     *     ran at every n of the fit)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Entry(String name, GroupKey group, double t, int nMin, int nMax, int nValues, int runs, int runsInGroup,
            double slope, Double slopeLow, Double slopeHigh, double intercept, double prefactor, String method,
            Double df, int bootstrapReplicates, SeedSlopes seedSlopes) {

        static Entry of(Group g, SlopeFit fit, SeedSlopes seedSlopes) {
            return new Entry(g.name(), g.key(), g.key().t(), (int) fit.nMin(), (int) fit.nMax(), fit.nValues(),
                    fit.points(), g.runs().size(), fit.slope(), finite(fit.lower()), finite(fit.upper()),
                    fit.logPrefactor(), fit.prefactor(), fit.method(), finite(fit.df()), fit.replicates(), seedSlopes);
        }

        /** JSON has no NaN: a missing number is null. */
        private static Double finite(double x) {
            return Double.isFinite(x) ? x : null;
        }
    }

    /**
     * A group without a fit.
     *
     * @param name the group's file-name stem
     * @param group its parameters
     * @param runsInGroup its completed runs
     * @param reason why there is no fit
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Skipped(String name, GroupKey group, int runsInGroup, String reason) {
    }
}
