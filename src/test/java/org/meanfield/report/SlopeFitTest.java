package org.meanfield.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The power-law fit: known exponents come back, the interval behaves at its edges. */
class SlopeFitTest {

    @ParameterizedTest
    @ValueSource(doubles = {-1, -2, -0.5})
    void recoversKnownExponentsFromNoisyData(double slope) {
        Synthetic data = new Synthetic(slope, 3.0, 7, 4, 32, 0.1, Synthetic.Noise.NORMAL, new Random(42));
        SlopeFit fit = SlopeFit.fit(data.n, data.loss);
        assertEquals(slope, fit.slope(), 0.05, fit.toString());
        assertTrue(fit.lower() < slope && slope < fit.upper(), fit.toString());
        assertTrue(fit.upper() - fit.lower() < 0.2, "a 10 % scatter over 7 doublings pins the slope: " + fit);
        assertEquals(Math.log(3.0), fit.logPrefactor(), 0.4);
        assertEquals(SlopeFit.SEED_BOOTSTRAP, fit.method());
        assertEquals(SlopeFit.REPLICATES, fit.replicates());
        assertEquals(28, fit.points());
        assertEquals(7, fit.nValues());
        assertEquals(32, fit.nMin());
        assertEquals(2048, fit.nMax());
    }

    @Test
    void exactPowerLawHasAZeroWidthInterval() {
        Synthetic data = new Synthetic(-1.5, 2.0, 5, 3, 16, 0, Synthetic.Noise.NORMAL, new Random(1));
        SlopeFit fit = SlopeFit.fit(data.n, data.loss);
        assertEquals(-1.5, fit.slope(), 1e-12);
        assertEquals(Math.log(2.0), fit.logPrefactor(), 1e-12);
        assertEquals(-1.5, fit.lower(), 1e-12);
        assertEquals(-1.5, fit.upper(), 1e-12);
        assertEquals(2.0 * Math.pow(100, -1.5), fit.at(100), 1e-15);
    }

    @Test
    void resultIsReproducibleAndIndependentOfRunOrder() {
        Synthetic data = new Synthetic(-1, 1, 6, 3, 64, 0.2, Synthetic.Noise.NORMAL, new Random(7));
        SlopeFit fit = SlopeFit.fit(data.n, data.loss);
        assertEquals(fit, SlopeFit.fit(data.n, data.loss));
        int m = data.n.length;
        double[] n = new double[m];
        double[] loss = new double[m];
        for (int i = 0; i < m; i++) {
            n[i] = data.n[m - 1 - i];
            loss[i] = data.loss[m - 1 - i];
        }
        SlopeFit reversed = SlopeFit.fit(n, loss);
        assertEquals(fit.lower(), reversed.lower(), 1e-12);
        assertEquals(fit.upper(), reversed.upper(), 1e-12);
        assertEquals(fit.slope(), reversed.slope(), 1e-12);
    }

    @Test
    void oneSeedPerNFallsBackToTheResidualInterval() {
        Synthetic data = new Synthetic(-1, 1, 6, 1, 64, 0.1, Synthetic.Noise.NORMAL, new Random(3));
        SlopeFit fit = SlopeFit.fit(data.n, data.loss);
        assertEquals(SlopeFit.OLS_RESIDUAL, fit.method());
        assertEquals(0, fit.replicates());
        assertEquals(4, fit.df());
        assertTrue(fit.lower() < fit.slope() && fit.slope() < fit.upper());
        SlopeFit two = SlopeFit.fit(new double[] {10, 100}, new double[] {1, 0.1});
        assertEquals(SlopeFit.NONE, two.method());
        assertEquals(-1, two.slope(), 1e-12);
        assertFalse(two.hasInterval());
    }

    @Test
    void aSingleRunAtOneNBorrowsThePooledSpread() {
        Synthetic data = new Synthetic(-1, 1, 6, 3, 64, 0.1, Synthetic.Noise.NORMAL, new Random(5));
        double[] n = java.util.Arrays.copyOf(data.n, data.n.length + 1);
        double[] loss = java.util.Arrays.copyOf(data.loss, data.loss.length + 1);
        n[n.length - 1] = 8192;
        loss[loss.length - 1] = 1.0 / 8192;
        SlopeFit fit = SlopeFit.fit(n, loss);
        assertEquals(SlopeFit.SEED_BOOTSTRAP, fit.method());
        assertTrue(fit.lower() < -1 && -1 < fit.upper(), fit.toString());
    }

    @Test
    void refusesWhatCannotBeFitted() {
        assertThrows(IllegalArgumentException.class, () -> SlopeFit.fit(new double[] {8, 8}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> SlopeFit.fit(new double[] {8, 16}, new double[] {1, 0}));
        assertThrows(IllegalArgumentException.class,
                () -> SlopeFit.fit(new double[] {8, 16}, new double[] {1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> SlopeFit.fit(new double[] {8}, new double[] {1, 2}));
    }

    @Test
    void seedSlopesNeedACrossedDesign() {
        Synthetic data = new Synthetic(-1, 1, 6, 4, 64, 0.1, Synthetic.Noise.NORMAL, new Random(11));
        SeedSlopes slopes = SeedSlopes.of(data.n, data.seed, data.loss);
        assertNotNull(slopes);
        assertEquals(4, slopes.seeds());
        // Balanced and complete: the mean of the per-seed slopes is the pooled least-squares slope.
        assertEquals(SlopeFit.fit(data.n, data.loss).slope(), slopes.mean(), 1e-12);
        assertTrue(slopes.lower() < -1 && -1 < slopes.upper(), slopes.toString());
        long[] distinct = new long[data.seed.length];
        for (int i = 0; i < distinct.length; i++) {
            distinct[i] = 100 + i;
        }
        assertNull(SeedSlopes.of(data.n, distinct, data.loss), "no seed at every n");
    }
}
