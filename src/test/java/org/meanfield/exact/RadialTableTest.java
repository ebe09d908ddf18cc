package org.meanfield.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.meanfield.model.Rng;

/**
 * The engine's tables against the exact functions they are fitted to, at random points (log-uniform
 * rho in [1e-9, 1e6] and uniform rho in [0, 300]) and at cell edges. Bounds: 4e-14 absolute on
 * ln h_k - rho plus 8 ulps of the value (see {@link #logBound}), 2e-14 relative on h_1/h_0.
 */
class RadialTableTest {
    @ParameterizedTest(name = "d = {0}")
    @ValueSource(ints = {1, 2, 3, 10, 25, 64})
    void tablesMatchTheExactFunctions(int d) {
        MomentTables tables = MomentTables.of(d);
        SphereMoments moments = new SphereMoments(d);
        Rng rng = new Rng(d);
        double worstLog = 0;
        double worstRatio = 0;
        double worstOneBody = 0;
        for (int m = 0; m < 3000; m++) {
            double rho;
            if (m % 3 == 0) {
                rho = Math.pow(10, -9 + 15 * rng.nextDouble());
            } else if (m % 3 == 1) {
                rho = 300 * rng.nextDouble();
            } else {
                // a cell edge of x = rho + 1, or next to one
                int binade = rng.nextInt(12);
                int sub = rng.nextInt(1 << RadialTable.CELL_BITS);
                double x = Math.scalb(1.0 + sub / 64.0, binade);
                x = rng.nextBoolean() ? x : Math.nextDown(x);
                rho = Math.max(0, x - 1);
            }
            double exact = moments.logHScaledAtRho(0, rho);
            worstLog = Math.max(worstLog, Math.abs(tables.pairLog.value(rho) - exact) / logBound(exact));
            double ratio = moments.ratioAtRho(0, rho);
            worstRatio = Math.max(worstRatio, Math.abs(tables.pairRatio.value(rho) - ratio) / ratio);
            int k = 2 + m % 3;
            exact = moments.logHScaledAtRho(k, rho);
            worstOneBody = Math.max(worstOneBody, Math.abs(tables.oneBodyLog(k).value(rho) - exact) / logBound(exact));
        }
        System.out.println(String.format(Locale.ROOT, "RadialTable d = %d: worst error / bound: ln h_0 - rho %.3g, "
                + "ln h_k - rho (k = 2..4) %.3g; h_1/h_0 relative error %.3g", d, worstLog, worstOneBody, worstRatio));
        assertTrue(worstLog <= 1, "ln h_0: " + worstLog);
        assertTrue(worstOneBody <= 1, "ln h_k: " + worstOneBody);
        assertTrue(worstRatio <= 2e-14, "h_1/h_0: " + worstRatio);
    }

    /**
     * The bound on ln h_k - rho: 4e-14 plus 8 ulps of the value. The values reach -(nu + 1/2) ln rho
     * (about -140 at d = 64, rho = 2000, where one ulp is 2.8e-14): the fit's nodes carry the exact
     * function's own error (about 2e-14 there) and Horner's rule rounds on that scale.
     */
    private static double logBound(double value) {
        return 4e-14 + 8 * Math.ulp(value);
    }

    @ParameterizedTest(name = "d = {0}")
    @ValueSource(ints = {3, 25})
    void limitsAndClamp(int d) {
        MomentTables tables = MomentTables.of(d);
        assertEquals(0.0, tables.pairLog.value(0), 1e-15);
        assertEquals(1.0, tables.pairRatio.value(0), 1e-15);
        double top = tables.pairLog.xMax() - 1;
        assertEquals(tables.pairLog.value(top), tables.pairLog.value(1e300), 0);
    }
}
