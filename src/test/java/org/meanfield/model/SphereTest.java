package org.meanfield.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The input measure: uniform on the sphere of radius sqrt(d). */
class SphereTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 25, 100})
    void pointsLieOnTheSphereOfRadiusSqrtD(int d) {
        Points points = new Points(500, d);
        Sphere.sample(new Rng(d), points);
        double[] x = points.coords();
        for (int p = 0; p < points.count(); p++) {
            double norm2 = 0;
            for (int k = 0; k < d; k++) {
                norm2 += x[p * d + k] * x[p * d + k];
            }
            // Measured worst relative error 7e-16 (d = 100): round-off only.
            assertEquals(Math.sqrt(d), Math.sqrt(norm2), 1e-14 * Math.sqrt(d), "point " + p);
        }
        assertEquals(Math.sqrt(d), Sphere.radius(d));
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 7})
    void secondMomentIsTheIdentity(int d) {
        // E[x x^T] = (R^2/d) I = I. Each entry is compared with its own Monte-Carlo standard error
        // (about 0.007 for m = 20000); 5 standard errors keeps the d^2 comparisons from failing by chance.
        int m = 20_000;
        Points points = new Points(m, d);
        Sphere.sample(new Rng(100 + d), points);
        double[] x = points.coords();
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                double sum = 0;
                double sum2 = 0;
                for (int p = 0; p < m; p++) {
                    double v = x[p * d + a] * x[p * d + b];
                    sum += v;
                    sum2 += v * v;
                }
                double mean = sum / m;
                double se = Math.sqrt((sum2 / m - mean * mean) / (m - 1));
                double expected = a == b ? 1 : 0;
                assertTrue(Math.abs(mean - expected) < 5 * se, "E[x_" + a + " x_" + b + "] = " + mean + " +- " + se);
            }
        }
    }

    @Test
    void meanIsZeroAndFloatCopyIsSynced() {
        int d = 5;
        int m = 20_000;
        Points points = new Points(m, d);
        Sphere.sample(new Rng(77), points);
        for (int k = 0; k < d; k++) {
            double sum = 0;
            for (int p = 0; p < m; p++) {
                sum += points.coords()[p * d + k];
            }
            // Var x_k = 1, so the standard error of the mean is 1/sqrt(m).
            assertTrue(Math.abs(sum / m) < 5 / Math.sqrt(m), "E x_" + k + " = " + sum / m);
        }
        for (int i = 0; i < points.coords().length; i++) {
            assertEquals((float) points.coords()[i], points.coordsFloat()[i]);
        }
    }

    @Test
    void sameSeedSamePoints() {
        Points a = new Points(10, 4);
        Points b = new Points(10, 4);
        Sphere.sample(new Rng(5), a);
        Sphere.sample(new Rng(5), b);
        org.junit.jupiter.api.Assertions.assertArrayEquals(a.coords(), b.coords());
    }
}
