package org.meanfield.report;

import java.util.List;

import org.meanfield.sweep.ResultRow;

/**
 * A group's power-law fit of one signed error against n, made as the loss's is ({@link SlopeFit} over
 * the runs of its range, {@link SeedSlopes} over its realisations), over the runs that measured it.
 * A log-log fit needs positive values, and a signed error may be negative or change sign: the fit is
 * made only when every measured run of the range is positive; otherwise there is none, and the
 * reason counts the runs at or below zero (dropping them would bias the fit towards the runs that
 * happen to be positive, and fitting |e| would hide a change of sign).
 *
 * @param error which signed error
 * @param runs the group's runs of the range that measured it
 * @param fit the fit (null: see reason)
 * @param seeds the per-realisation cross-check (null without a crossed design or without a fit)
 * @param nonPositive runs of the range whose value is at or below zero
 * @param unmeasured runs of the range without the value (exact dynamics, or finished before meanfield
 *     measured it)
 * @param reason why there is no fit (null with one)
 */
record SignedFit(SignedError error, List<ResultRow> runs, SlopeFit fit, SeedSlopes seeds, int nonPositive,
        int unmeasured, String reason) {

    /** The fit of {@code error} over {@code group}'s runs with n at least {@code minN}. */
    static SignedFit of(Group group, SignedError error, int minN) {
        List<ResultRow> inRange = group.runs().stream().filter(r -> r.n() >= minN).toList();
        List<ResultRow> measured = inRange.stream().filter(r -> Double.isFinite(error.of(r))).toList();
        int unmeasured = inRange.size() - measured.size();
        int nonPositive = (int) measured.stream().filter(r -> error.of(r) <= 0).count();
        String range = minN > 0 ? "n >= " + minN : "any n";
        if (nonPositive > 0) {
            return new SignedFit(error, measured, null, null, nonPositive, unmeasured, nonPositive + " of "
                    + measured.size() + " runs with " + range + " have " + error.column + " <= 0 (the sign is not "
                    + "constant): no log-log fit");
        }
        if (measured.stream().mapToInt(ResultRow::n).distinct().count() < 2) {
            return new SignedFit(error, measured, null, null, 0, unmeasured, "fewer than two values of n with "
                    + range + " and a measured " + error.column + (unmeasured > 0 ? " (" + unmeasured + " runs "
                            + "without it: exact dynamics, or finished before meanfield measured it)" : ""));
        }
        double[] n = measured.stream().mapToDouble(ResultRow::n).toArray();
        double[] v = measured.stream().mapToDouble(error::of).toArray();
        long[] realisation = measured.stream().mapToLong(Group::realisation).toArray();
        return new SignedFit(error, measured, SlopeFit.fit(n, v), SeedSlopes.of(n, realisation, v), 0, unmeasured,
                null);
    }
}
