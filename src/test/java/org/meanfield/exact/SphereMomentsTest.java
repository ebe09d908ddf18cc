package org.meanfield.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * h_k of SCIENCE.md section 5 against the fixture hk.csv (d in {2, 3, 4, 7, 10, 25, 64}, k = 0..4,
 * s from 0 to 400, so rho = R s up to 3200): mpmath from the definition of G_k, and scipy's ive with
 * gammaln. Bound: 1e-13 absolute on ln h_k (relative 1e-13 on h_k) plus two ulps of the reference.
 */
class SphereMomentsTest {
    private static final List<double[]> ROWS = Fixture.rows("hk.csv");

    @Test
    void logHAgainstMpmath() {
        BesselTest.Worst worst = new BesselTest.Worst("ln h_k vs mpmath (absolute; nu = d, x = s)");
        for (double[] row : ROWS) {
            SphereMoments moments = new SphereMoments((int) row[0]);
            double truth = row[3];
            double error = Math.abs(moments.logH((int) row[1], row[2]) - truth);
            worst.add(row[0], row[2], error / (1 + 2 * Math.ulp(truth) / 1e-13));
        }
        worst.check(1e-13);
    }

    @Test
    void logHAgainstScipy() {
        BesselTest.Worst worst = new BesselTest.Worst("ln h_k vs scipy (absolute; nu = d, x = s)");
        for (double[] row : ROWS) {
            if (Double.isNaN(row[4])) {
                continue;
            }
            SphereMoments moments = new SphereMoments((int) row[0]);
            double truth = row[4];
            worst.add(row[0], row[2], Math.abs(moments.logH((int) row[1], row[2]) - truth) / (1 + 4 * Math.ulp(truth) / 1e-13));
        }
        worst.check(5e-13);
    }

    /** h_1(0) = R^2/d = 1, so E[x_p x_q] = delta_pq; h_0(0) = 1; h_2(0) = d/(d+2). */
    @Test
    void limitsAtZero() {
        for (int d : new int[] {1, 2, 3, 10, 25, 64}) {
            SphereMoments m = new SphereMoments(d);
            assertEquals(1.0, m.h(0, 0), 0);
            assertEquals(1.0, m.h(1, 0), 1e-16);
            assertEquals(d / (d + 2.0), m.h(2, 0), 1e-15);
            assertEquals(d * (double) d / ((d + 2.0) * (d + 4.0)), m.h(3, 0), 1e-15);
            assertEquals(1.0, m.h(1, 1e-9), 1e-15);
            assertEquals(1.0, m.ratio(0, 0), 0);
        }
    }

    /** d = 3: M(w) = sinh(rho)/rho with rho = sqrt(3) |w|. */
    @Test
    void threeDimensionalSphere() {
        SphereMoments m = new SphereMoments(3);
        for (double s : new double[] {1e-7, 0.01, 0.3, 1, 2.5, 7, 30, 100}) {
            double rho = Math.sqrt(3) * s;
            double expected = rho < 20 ? Math.log(Math.sinh(rho) / rho) : rho - Math.log(2 * rho) + Math.log1p(-Math.exp(-2 * rho));
            assertEquals(expected, m.logM(s), 1e-14 * Math.max(1, Math.abs(expected)), "s " + s);
        }
    }

    /** ratio(k, s) = h_{k+1}/h_k, and h_k'(s) = s h_{k+1}(s) (central differences). */
    @Test
    void ratioAndDerivative() {
        for (int d : new int[] {3, 10, 25}) {
            SphereMoments m = new SphereMoments(d);
            for (int k = 0; k < 4; k++) {
                for (double s : new double[] {0.01, 0.4, 1.3, 5, 20}) {
                    double ratio = Math.exp(m.logH(k + 1, s) - m.logH(k, s));
                    assertEquals(ratio, m.ratio(k, s), 1e-13 * ratio, "d " + d + " k " + k + " s " + s);
                    double h = 1e-5 * Math.max(1, s);
                    double derivative = (m.logH(k, s + h) - m.logH(k, s - h)) / (2 * h);
                    assertEquals(s * ratio, derivative, 1e-8 * Math.max(1, s * ratio), "d " + d + " k " + k + " s " + s);
                }
            }
        }
    }
}
