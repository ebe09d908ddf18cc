package org.meanfield.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The contents of a sweep's {@code fits.json}.
 *
 * @param minN the default smallest n of the fits ({@code report --min-n}, else the spec's
 *     {@code report.min_n}, else 0); a block's {@code fit.min_n} overrides it for its groups, and each
 *     entry says the one it used
 * @param minNSource where minN came from
 * @param model the fitted model, in words
 * @param interval how the 95 % intervals are made, in words
 * @param signed how the signed errors are fitted, in words
 * @param bootstrapSeed seed of the bootstrap (fixed: the same sweep gives the same file)
 * @param fits one entry per group with at least two values of n in its range
 * @param skipped groups without a fit over their range, and why
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"min_n", "min_n_source"})
record FitsFile(int minN, @JsonProperty("min_n_source") String minNSource, String model, String interval,
        String signed, long bootstrapSeed, List<Entry> fits, List<Skipped> skipped) {

    static final String MODEL = "least squares: log(tail_test_loss) = intercept + slope * log(n), over every "
            + "completed run of the group with n >= its min_n (range) and over every n (all_n); prefactor = "
            + "exp(intercept); tail_test_loss is the mean test loss over the last quarter of the run's time (the "
            + "level it settled at)";
    static final String INTERVAL = "95 %: bootstrap over seeds stratified by n (each n's seeds redrawn with "
            + "replacement, deviations from the n's mean log-loss rescaled by sqrt(k/(k-1))), percentile "
            + "half-widths widened by t(df, 0.975)/z(0.975), df Welch-Satterthwaite; covers seed-to-seed "
            + "scatter only, not departures from a power law. With one seed per n: least squares t interval "
            + "from the residuals (method ols-residual-t). seed_slopes: where two or more seeds ran at every n, the "
            + "mean of per-seed slopes with a t(k-1) interval, valid however a seed's runs correlate across n.";
    static final String SIGNED = "signed_errors: the same fits of tail_test_err_pos (mean over the test set of "
            + "Theta(f)(f - f_n), Theta(0) = 0) and tail_test_err_neg (mean of Theta(-f)(f_n - f)), each settled over "
            + "the loss's window, over the runs of the range that measured them; made only when every one of those "
            + "is positive (non_positive counts those that are not: then no fit, the sign not being constant)";

    /**
     * One group's fits.
     *
     * @param name the group's file-name stem (its plots begin with it)
     * @param group the parameters its runs share, and the mean-field time at their end ({@code t})
     * @param runsInGroup completed runs in the group, below min_n included
     * @param minN the smallest n of its range fit
     * @param minNSource where min_n came from (a block of the spec copy, report.min_n, --min-n)
     * @param range the fit over n >= min_n: the one the scaling plot draws
     * @param allN the fit over every n, for comparison (equal to range when min_n leaves no run out)
     * @param signedErrors the fits of the signed errors over the same range, by results.csv column ({@link #SIGNED})
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"name", "group", "runs_in_group", "min_n", "min_n_source"})
    record Entry(String name, GroupKey group, int runsInGroup, int minN,
            @JsonProperty("min_n_source") String minNSource, Fit range, Fit allN,
            Map<String, SignedEntry> signedErrors) {

        static Entry of(Group g, FitRanges.Range range, Fit fit, Fit allN, Map<String, SignedEntry> signed) {
            return new Entry(g.name(), g.key(), g.runs().size(), range.minN(), range.source(), fit,
                    allN, signed);
        }
    }

    /**
     * One signed error's fits in a group.
     *
     * @param range the fit over the group's range (null: see reason)
     * @param allN the fit over every n (null: none)
     * @param nonPositive runs of the range whose value is at or below zero
     * @param unmeasured runs of the range without the value
     * @param reason why there is no fit over the range (null with one)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SignedEntry(Fit range, Fit allN, int nonPositive, int unmeasured, String reason) {

        /** The entries of a group's fits over its range and over every n, by column. */
        static Map<String, SignedEntry> of(Map<SignedError, SignedFit[]> fits) {
            Map<String, SignedEntry> out = new LinkedHashMap<>();
            fits.forEach((e, f) -> out.put(e.column, new SignedEntry(Fit.of(f[0].fit(), f[0].seeds()),
                    Fit.of(f[1].fit(), f[1].seeds()), f[0].nonPositive(), f[0].unmeasured(), f[0].reason())));
            return out;
        }
    }

    /**
     * One least-squares fit.
     *
     * @param nMin smallest n in the fit
     * @param nMax largest n in the fit
     * @param nValues distinct n in the fit
     * @param runs runs in the fit
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
    record Fit(int nMin, int nMax, int nValues, int runs, double slope, Double slopeLow, Double slopeHigh,
            double intercept, double prefactor, String method, Double df, int bootstrapReplicates,
            SeedSlopes seedSlopes) {

        /** The entry of {@code fit}, or null for none. */
        static Fit of(SlopeFit fit, SeedSlopes seedSlopes) {
            if (fit == null) {
                return null;
            }
            return new Fit((int) fit.nMin(), (int) fit.nMax(), fit.nValues(), fit.points(), fit.slope(),
                    finite(fit.lower()), finite(fit.upper()), fit.logPrefactor(), fit.prefactor(), fit.method(),
                    finite(fit.df()), fit.replicates(), seedSlopes);
        }

        /** JSON has no NaN: a missing number is null. */
        private static Double finite(double x) {
            return Double.isFinite(x) ? x : null;
        }
    }

    /**
     * A group without a fit over its range.
     *
     * @param name the group's file-name stem
     * @param group its parameters
     * @param runsInGroup its completed runs
     * @param minN the smallest n of its range
     * @param minNSource where min_n came from
     * @param reason why there is no fit
     * @param allN the fit over every n where there are two values of n (null: none)
     * @param signedErrors the fits of the signed errors, as an entry's
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({"name", "group", "runs_in_group", "min_n", "min_n_source"})
    record Skipped(String name, GroupKey group, int runsInGroup, int minN,
            @JsonProperty("min_n_source") String minNSource, String reason, Fit allN,
            Map<String, SignedEntry> signedErrors) {
    }
}
