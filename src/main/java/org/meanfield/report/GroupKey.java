package org.meanfield.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.meanfield.sweep.ResultRow;

/**
 * What the runs of one scaling group share: every parameter of a sweep's runs but n and the
 * realisation (the seed and the target seed), so that within a group the final loss is a function
 * of n plus the scatter between realisations: of the initialisation and batches, and of the target,
 * whose draws the study's error bars are over.
 *
 * @param unit relu, sigmoid or gaussian
 * @param d input dimension
 * @param dynamics sgd, gd or exact
 * @param dt step in mean-field time
 * @param batch P as given: an integer, or an expression in n (one group for every n)
 * @param sample M as given
 * @param alpha gaussian width
 * @param temperature Langevin temperature
 * @param sigmaC initial spread of the c_i
 * @param steps steps of each run
 * @param phases the runs' phases as results.csv writes them; empty for runs of one phase
 * @param t mean-field time at the end of each run, as the runs report it: their phases may each have
 *        their own Δt, so it is not {@code steps * dt} in general
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GroupKey(String unit, int d, String dynamics, double dt, String batch, String sample, double alpha,
        double temperature, double sigmaC, long steps, String phases, double t) {

    /** Orders groups by unit, d, dynamics, then the other parameters: the order of the report. */
    static final Comparator<GroupKey> ORDER = Comparator.comparing(GroupKey::unit).thenComparingInt(GroupKey::d)
            .thenComparing(GroupKey::dynamics).thenComparingDouble(GroupKey::dt).thenComparing(GroupKey::batch, GroupKey::compareSizes)
            .thenComparing(GroupKey::sample, GroupKey::compareSizes).thenComparingDouble(GroupKey::alpha)
            .thenComparingDouble(GroupKey::temperature).thenComparingDouble(GroupKey::sigmaC)
            .thenComparingLong(GroupKey::steps).thenComparing(GroupKey::phases).thenComparingDouble(GroupKey::t);

    /** The group of a results.csv row. */
    public static GroupKey of(ResultRow row) {
        return new GroupKey(row.unit(), row.d(), row.dynamics(), row.dt(), row.batch(), row.sample(), row.alpha(),
                row.temperature(), row.sigmaC(), row.steps(), row.phases(), row.t());
    }

    /** Integers by value (so P = 16 comes before P = 128), then expressions by their text. */
    private static int compareSizes(String a, String b) {
        boolean plainA = a.chars().allMatch(Character::isDigit);
        boolean plainB = b.chars().allMatch(Character::isDigit);
        if (plainA && plainB) {
            return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        }
        return plainA != plainB ? (plainA ? -1 : 1) : a.compareTo(b);
    }

    /**
     * A file-name stem: letters, digits, '.', '-' only, e.g. {@code relu-d25-sgd-dt0.05-P64-t3000}.
     * Parameters a run ignores (P for GD, M for SGD, both for exact dynamics, alpha for affine units)
     * and zero temperature and zero sigma_c (the defaults) are left out; {@link Groups}
     * appends a hash where that makes two names equal.
     */
    public String name() {
        return String.join("-", parts("")).replaceAll("[^A-Za-z0-9.\\-]", "_");
    }

    /** The same parameters for a legend or a heading, e.g. {@code relu d=25 sgd dt=0.05 P=64 t=3000}. */
    public String label() {
        return String.join(" ", parts("="));
    }

    private List<String> parts(String eq) {
        List<String> parts = new ArrayList<>();
        parts.add(unit);
        parts.add("d" + eq + d);
        parts.add(dynamics);
        parts.add("dt" + eq + Num.compact(dt));
        // A size the phases set is the phases' (below), not the run-level one.
        if ("sgd".equals(dynamics) && !phases.contains("batch=")) {
            parts.add("P" + eq + batch);
        } else if ("gd".equals(dynamics) && !phases.contains("sample=")) {
            parts.add("M" + eq + sample);
        }
        if ("gaussian".equals(unit)) {
            parts.add("alpha" + eq + Num.compact(alpha));
        }
        if (temperature != 0) {
            parts.add("T" + eq + Num.compact(temperature));
        }
        if (sigmaC != 0) {
            parts.add("sc" + eq + Num.compact(sigmaC));
        }
        if (!phases.isEmpty()) {
            parts.add("phases" + eq + phases);
        }
        parts.add("t" + eq + Num.compact(t));
        return parts;
    }
}
