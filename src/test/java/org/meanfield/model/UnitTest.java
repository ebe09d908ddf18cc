package org.meanfield.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The units phi(x, z) of SCIENCE.md section 2, and their gradients in z. */
class UnitTest {
    private static final int D = 7;

    @ParameterizedTest
    @EnumSource(UnitKind.class)
    void gradientMatchesCentralDifferences(UnitKind kind) {
        // Measured worst |analytic - numeric| 2e-9 with h = 1e-6 and scale up to 20 (round-off of
        // phi / h); allowed 1e-7 absolute plus 1e-6 relative.
        Unit unit = Unit.of(kind, 1.0 / D);
        Rng rng = new Rng(kind.ordinal());
        int zDim = unit.zDim(D);
        double[] x = new double[D];
        double[] z = new double[zDim];
        double[] grad = new double[zDim];
        double h = 1e-6;
        for (int trial = 0; trial < 20; trial++) {
            Sphere.sample(rng, D, x, 0);
            unit.initialise(rng, D, z);
            java.util.Arrays.fill(grad, 0);
            double scale = 1 + trial;
            unit.addGradient(x, 0, z, D, scale, grad);
            for (int j = 0; j < zDim; j++) {
                double saved = z[j];
                z[j] = saved + h;
                double up = unit.phi(x, 0, z, D);
                z[j] = saved - h;
                double down = unit.phi(x, 0, z, D);
                z[j] = saved;
                double numeric = scale * (up - down) / (2 * h);
                assertEquals(numeric, grad[j], 1e-7 + 1e-6 * Math.abs(numeric), kind + " trial " + trial + " j " + j);
            }
        }
    }

    @Test
    void closedFormsAtChosenPoints() {
        double[] x = {1, -2, 0.5};
        double[] az = {0.5, 0.25, 2, -0.25}; // a = (0.5, 0.25, 2), b = -0.25: a.x + b = 0.75
        assertEquals(0.75, Unit.of(UnitKind.RELU, 1).phi(x, 0, az, 3), 1e-15);
        assertEquals(1 / (1 + Math.exp(-0.75)), Unit.of(UnitKind.SIGMOID, 1).phi(x, 0, az, 3), 1e-15);
        double[] negative = {0.5, 0.25, 2, -2};
        assertEquals(0, Unit.of(UnitKind.RELU, 1).phi(x, 0, negative, 3));
        double[] centre = {1, -1, 0.5}; // |x - z|^2 = 1
        assertEquals(Math.exp(-0.3 / 2), Unit.of(UnitKind.GAUSSIAN, 0.3).phi(x, 0, centre, 3), 1e-15);
    }

    @Test
    void parameterCountsAndKinds() {
        assertEquals(D + 1, Unit.of(UnitKind.RELU, 1).zDim(D));
        assertEquals(D + 1, Unit.of(UnitKind.SIGMOID, 1).zDim(D));
        assertEquals(D, Unit.of(UnitKind.GAUSSIAN, 1).zDim(D));
        for (UnitKind kind : UnitKind.values()) {
            assertSame(kind, Unit.of(kind, 1).kind());
        }
        assertEquals("gaussian", UnitKind.GAUSSIAN.label());
        assertThrows(IllegalArgumentException.class, () -> new GaussianUnit(0));
        assertThrows(IllegalArgumentException.class, () -> new GaussianUnit(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new GaussianUnit(Double.POSITIVE_INFINITY));
    }

    @Test
    void gaussianCentresStartOnTheSphere() {
        Unit unit = Unit.of(UnitKind.GAUSSIAN, 0.1);
        double[] z = new double[D];
        unit.initialise(new Rng(4), D, z);
        double norm2 = 0;
        for (double v : z) {
            norm2 += v * v;
        }
        assertEquals(D, norm2, 1e-12);
    }

    @Test
    void affineInitialisationHasTheDocumentedVariances() {
        // a ~ N(0, I/d), b ~ N(0, 1): sample variances over 20000 draws within 5 standard errors
        // (standard error of a variance estimate sigma^2 sqrt(2/m)).
        Unit unit = Unit.of(UnitKind.RELU, 1);
        int m = 20_000;
        double[] z = new double[D + 1];
        double sumA2 = 0;
        double sumB2 = 0;
        Rng rng = new Rng(12);
        for (int i = 0; i < m; i++) {
            unit.initialise(rng, D, z);
            sumA2 += z[0] * z[0];
            sumB2 += z[D] * z[D];
        }
        double tol = 5 * Math.sqrt(2.0 / m);
        assertEquals(1.0 / D, sumA2 / m, tol / D);
        assertEquals(1.0, sumB2 / m, tol);
    }
}
