package org.meanfield.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * How often the 95 % interval covers the true exponent, over many synthetic sweeps of the size the
 * project runs (3 to 5 seeds, 6 to 8 values of n). The data are drawn from fixed seeds, so the
 * measured rates are the same every run; the bands guard against a regression, and are wide
 * enough (about three binomial standard errors, 0.011 at 400 datasets) that a change of bootstrap
 * seed or replicate count would not cross them.
 */
class SlopeFitCoverageTest {
    private static final int DATASETS = 400;
    private static final int REPLICATES = 499;

    @ParameterizedTest(name = "{0} scatter, {1} seeds, {2} values of n")
    @CsvSource({"NORMAL, 3, 6", "NORMAL, 3, 8", "NORMAL, 5, 6", "SHRINKING, 3, 7", "HEAVY, 4, 6"})
    void correctedIntervalCoversAboutNinetyFivePercent(Synthetic.Noise noise, int seeds, int values) {
        double[] coverage = coverage(noise, seeds, values, 20240 + 31L * seeds + values);
        System.out.printf(Locale.ROOT, "coverage %-9s seeds %d, n values %d: corrected %.3f, naive percentile %.3f%n",
                noise, seeds, values, coverage[0], coverage[1]);
        assertTrue(coverage[0] >= 0.915 && coverage[0] <= 0.985, "corrected coverage " + coverage[0]);
        assertTrue(coverage[1] < coverage[0] - 0.03, "the naive percentile interval under-covers: " + coverage[1]);
    }

    /**
     * The stated limitation: when a seed's runs move together across n the bootstrap, which treats
     * them as independent, under-covers, and the per-seed slopes still cover. Printed for the record;
     * only the exact per-seed interval is held to the band.
     */
    @Test
    void perSeedSlopesCoverWhenASeedsRunsAreCorrelated() {
        Random random = new Random(99);
        int stratified = 0;
        int perSeed = 0;
        for (int k = 0; k < DATASETS; k++) {
            Synthetic data = new Synthetic(-1, 2, 8, 3, 32, 0.15, Synthetic.Noise.CORRELATED, random);
            SlopeFit fit = SlopeFit.fit(data.n, data.loss, REPLICATES, k);
            SeedSlopes slopes = SeedSlopes.of(data.n, data.seed, data.loss);
            stratified += fit.lower() <= -1 && -1 <= fit.upper() ? 1 : 0;
            perSeed += slopes.lower() <= -1 && -1 <= slopes.upper() ? 1 : 0;
        }
        System.out.printf(Locale.ROOT,
                "coverage CORRELATED seeds 3, n values 8: bootstrap %.3f, per-seed slopes %.3f%n",
                (double) stratified / DATASETS, (double) perSeed / DATASETS);
        double rate = (double) perSeed / DATASETS;
        assertTrue(rate >= 0.915 && rate <= 0.985, "per-seed coverage " + rate);
    }

    /** {corrected, naive} coverage of the true slope -1 over {@link #DATASETS} synthetic sweeps. */
    private static double[] coverage(Synthetic.Noise noise, int seeds, int values, long seed) {
        Random random = new Random(seed);
        int corrected = 0;
        int naive = 0;
        for (int k = 0; k < DATASETS; k++) {
            Synthetic data = new Synthetic(-1, 2, values, seeds, 32, 0.15, noise, random);
            SlopeFit fit = SlopeFit.fit(data.n, data.loss, REPLICATES, k);
            SlopeFit plain = SlopeFit.percentile(data.n, data.loss, REPLICATES, k);
            corrected += fit.lower() <= -1 && -1 <= fit.upper() ? 1 : 0;
            naive += plain.lower() <= -1 && -1 <= plain.upper() ? 1 : 0;
        }
        return new double[] {(double) corrected / DATASETS, (double) naive / DATASETS};
    }
}
