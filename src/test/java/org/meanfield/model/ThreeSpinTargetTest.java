package org.meanfield.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The spherical 3-spin target of SCIENCE.md section 1. */
class ThreeSpinTargetTest {
    @Test
    void termCountIsTheNumberOfDistinctMonomials() {
        assertEquals(2925, ThreeSpinTarget.termCount(25));
        assertEquals(1, ThreeSpinTarget.termCount(1));
        assertEquals(10, ThreeSpinTarget.termCount(3));
        assertEquals(ThreeSpinTarget.termCount(7), new ThreeSpinTarget(7, 1).weights().length);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 25})
    void compactSymmetricSumEqualsTheRawSum(int d) {
        // Measured worst |difference| / sqrt(E f^2): 1.6e-14 at d = 25 over 200 points.
        ThreeSpinTarget target = new ThreeSpinTarget(d, 7);
        double scale = Math.sqrt(2 * target.cf());
        double[] x = new double[d];
        Rng rng = new Rng(3);
        for (int p = 0; p < 200; p++) {
            Sphere.sample(rng, d, x, 0);
            double compact = target.evaluate(x, 0);
            double raw = target.evaluateUnsymmetrised(x, 0);
            assertEquals(raw, compact, 1e-12 * Math.max(scale, Math.abs(raw)), "point " + p);
        }
    }

    @Test
    void symmetricTensorIsSymmetricAndAveragesTheRawCoefficients() {
        int d = 4;
        ThreeSpinTarget target = new ThreeSpinTarget(d, 11);
        assertEquals(target.raw(2, 2, 2) / d, target.symmetric(2, 2, 2), 1e-15);
        assertEquals((target.raw(0, 1, 1) + target.raw(1, 0, 1) + target.raw(1, 1, 0)) / (3.0 * d),
                target.symmetric(1, 0, 1), 1e-15);
        assertEquals(target.symmetric(0, 1, 3), target.symmetric(3, 0, 1), 1e-15);
    }

    @Test
    void batchEvaluationMatchesPointwise() {
        int d = 6;
        ThreeSpinTarget target = new ThreeSpinTarget(d, 2);
        Points points = new Points(50, d);
        Sphere.sample(new Rng(8), points);
        target.evaluate(points);
        for (int p = 0; p < points.count(); p++) {
            assertEquals(target.evaluate(points.coords(), p * d), points.target()[p]);
        }
    }

    @Test
    void sameSeedSameTargetDifferentSeedDifferentTarget() {
        ThreeSpinTarget a = new ThreeSpinTarget(5, 3);
        ThreeSpinTarget b = new ThreeSpinTarget(5, 3);
        ThreeSpinTarget c = new ThreeSpinTarget(5, 4);
        assertArrayEquals(a.weights(), b.weights());
        assertEquals(a.cf(), b.cf());
        assertTrue(a.cf() != c.cf());
        assertEquals(3, a.seed());
        assertEquals(5, a.d());
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 7, 25})
    void monteCarloMomentsMatchMeanZeroAndExactCf(int d) {
        // E f = 0 exactly (odd polynomial, symmetric measure); E f^2 = 2 C_f with C_f the closed form.
        // Compared within 5 Monte-Carlo standard errors estimated from the same sample
        // (m = 40000; measured E f^2 / 2 C_f = 0.993, 0.998, 0.997 at d = 3, 7, 25, within 1.3 standard
        // errors of about 0.6%; E f within 1.2 standard errors of 0).
        ThreeSpinTarget target = new ThreeSpinTarget(d, 1000 + d);
        int m = 40_000;
        Points points = new Points(m, d);
        Sphere.sample(new Rng(d), points);
        target.evaluate(points);
        double sum = 0;
        double sum2 = 0;
        double sum4 = 0;
        for (double f : points.target()) {
            sum += f;
            sum2 += f * f;
            sum4 += f * f * f * f;
        }
        double mean = sum / m;
        double meanSquare = sum2 / m;
        double seMean = Math.sqrt((meanSquare - mean * mean) / (m - 1));
        double seSquare = Math.sqrt((sum4 / m - meanSquare * meanSquare) / (m - 1));
        assertTrue(Math.abs(mean) < 5 * seMean, "E f = " + mean + " +- " + seMean);
        assertTrue(Math.abs(meanSquare - 2 * target.cf()) < 5 * seSquare,
                "E f^2 = " + meanSquare + " +- " + seSquare + ", 2 C_f = " + 2 * target.cf());
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 25})
    void meanSquareIsDOverTheDrawOfCoefficients(int d) {
        // E_a E_nu f^2 = d exactly. Over 40 target seeds measured mean 2 C_f = 5.31 +- 0.28 (d = 5) and
        // 24.96 +- 0.14 (d = 25), the spread of 2 C_f between draws being 1.8 and 0.9. The test
        // allows 4 standard errors of the seed average, computed from the draws themselves.
        int seeds = 40;
        double sum = 0;
        double sum2 = 0;
        for (int k = 0; k < seeds; k++) {
            double meanSquare = 2 * new ThreeSpinTarget(d, 1000 + k).cf();
            sum += meanSquare;
            sum2 += meanSquare * meanSquare;
        }
        double mean = sum / seeds;
        double se = Math.sqrt((sum2 / seeds - mean * mean) / (seeds - 1));
        assertTrue(Math.abs(mean - d) < 4 * se, "mean over seeds of E f^2 = " + mean + " +- " + se + ", d = " + d);
        assertTrue(Math.abs(mean - d) < 0.15 * d, "mean over seeds of E f^2 = " + mean);
    }

    @Test
    void rejectsNonPositiveDimension() {
        assertThrows(IllegalArgumentException.class, () -> new ThreeSpinTarget(0, 1));
    }
}
