package org.meanfield.folder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.meanfield.observe.PhasePercentiles;

/**
 * What a finished run reports in {@code summary.json}.
 *
 * @param finalTestLoss test-set loss (1/2) mean (f - f_n)^2 at the end
 * @param finalTestLossSe its Monte-Carlo standard error
 * @param finalTestLossOverCf final loss over C_f
 * @param tailTestLoss mean test loss over the last quarter of the run's (last phase's) time ({@link TailLoss}): the
 *     level a run settled at, which sweeps fit
 * @param tailTestLossOverCf that mean over C_f
 * @param tailFromT start of that window in mean-field time
 * @param tailRows metrics rows in the window
 * @param tailSpread standard deviation of the test loss over those rows
 * @param cf C_f = (1/2) E_nu f^2 (exact)
 * @param steps steps taken
 * @param t mean-field time reached
 * @param wallSeconds wall time of the training loop, evaluations included
 * @param stepsPerSecond steps over wall seconds
 * @param kernel engine that ran
 * @param timings wall-time percentiles (ms) of every step and of each phase that ran, by phase name
 *     ({@code step}, {@code sample}, {@code forward}, {@code backward}, {@code noise}, {@code evaluation}),
 *     over the whole run, JIT warm-up included
 * @param meanfieldVersion the version that finished the run ("unknown" in summaries of meanfield 0.1)
 * @param gitCommit the commit it was built from ({@link BuildInfo})
 * @param finalTestErrPos the signed error where the target is positive at the end, mean over the test
 *     set of Theta(f) (f - f_n) ({@link MetricsRow#testErrPos()}); null where not measured (exact
 *     dynamics, runs finished before meanfield measured it)
 * @param finalTestErrPosSe its standard error (null likewise)
 * @param finalTestErrNeg the signed error where the target is negative, mean of Theta(-f) (f_n - f)
 * @param finalTestErrNegSe its standard error
 * @param tailTestErrPos mean of test_err_pos over the tail loss's window ({@link TailLoss})
 * @param tailTestErrPosSpread standard deviation of test_err_pos over those rows
 * @param tailTestErrNeg mean of test_err_neg over the window
 * @param tailTestErrNegSpread standard deviation of test_err_neg over those rows
 *
 * <p>meanfield 0.1 wrote the ratios to C_f as {@code final_relative_loss} and {@code tail_relative_loss};
 * those names are still read.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Summary(double finalTestLoss, double finalTestLossSe,
        @JsonAlias("final_relative_loss") double finalTestLossOverCf, double tailTestLoss,
        @JsonAlias("tail_relative_loss") double tailTestLossOverCf, double tailFromT, int tailRows, double tailSpread,
        double cf, long steps, double t, double wallSeconds, double stepsPerSecond, String kernel,
        Map<String, PhasePercentiles> timings, String meanfieldVersion, String gitCommit, Double finalTestErrPos,
        Double finalTestErrPosSe, Double finalTestErrNeg, Double finalTestErrNegSe, Double tailTestErrPos,
        Double tailTestErrPosSpread, Double tailTestErrNeg, Double tailTestErrNegSpread) {

    /**
     * Copies {@code timings} keeping its order; null (a summary from before timings) reads as none, and
     * a missing version or commit (meanfield 0.1) as "unknown"; a signed error that is NaN is kept as
     * null (JSON has no NaN).
     */
    public Summary {
        timings = timings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(timings));
        meanfieldVersion = meanfieldVersion == null ? "unknown" : meanfieldVersion;
        gitCommit = gitCommit == null ? "unknown" : gitCommit;
        finalTestErrPos = orNull(finalTestErrPos);
        finalTestErrPosSe = orNull(finalTestErrPosSe);
        finalTestErrNeg = orNull(finalTestErrNeg);
        finalTestErrNegSe = orNull(finalTestErrNegSe);
        tailTestErrPos = orNull(tailTestErrPos);
        tailTestErrPosSpread = orNull(tailTestErrPosSpread);
        tailTestErrNeg = orNull(tailTestErrNeg);
        tailTestErrNegSpread = orNull(tailTestErrNegSpread);
    }

    private static Double orNull(Double x) {
        return x == null || !Double.isFinite(x) ? null : x;
    }

    /** {@code x}, NaN for null: a signed error as a number. */
    public static double value(Double x) {
        return x == null ? Double.NaN : x;
    }

    /** The summary of a run that ended at {@code last}, settled at {@code tail}. */
    public Summary(MetricsRow last, TailLoss tail, double cf, long steps, double t, double wallSeconds,
            double stepsPerSecond, String kernel, Map<String, PhasePercentiles> timings) {
        this(last.testLoss(), last.testLossSe(), last.testLossOverCf(), tail.loss(), tail.relative(), tail.fromT(),
                tail.rows(), tail.spread(), cf, steps, t, wallSeconds, stepsPerSecond, kernel, timings,
                BuildInfo.CURRENT.version(), BuildInfo.CURRENT.commit(), last.testErrPos(), last.testErrPosSe(),
                last.testErrNeg(), last.testErrNegSe(), tail.errPos(), tail.errPosSpread(), tail.errNeg(),
                tail.errNegSpread());
    }
}
