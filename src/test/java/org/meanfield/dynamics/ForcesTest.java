package org.meanfield.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanfield.engine.ScalarEngine;
import org.meanfield.model.Particles;
import org.meanfield.model.Points;
import org.meanfield.model.Rng;
import org.meanfield.model.Sphere;
import org.meanfield.model.ThreeSpinTarget;
import org.meanfield.model.Unit;
import org.meanfield.model.UnitKind;

/**
 * The mean-field force of SCIENCE.md section 3, force_i = -n grad_{theta_i} l, checked on the
 * double-precision reference engine against central differences of the loss
 * l = (1/2) mean_p (y_p - f_n(x_p))^2 on a fixed sample, and against the pair-sum form
 * force_i = grad F(theta_i) - (1/n) sum_j grad_1 K(theta_i, theta_j).
 */
class ForcesTest {
    private static final int N = 20;
    private static final int P = 64;
    private static final double H = 1e-5;

    static Stream<Arguments> cases() {
        return Stream.of(UnitKind.values())
                .flatMap(kind -> Stream.of(1, 7, 25).map(d -> Arguments.of(kind, d)));
    }

    private static Points sample(int d, long seed) {
        ThreeSpinTarget target = new ThreeSpinTarget(d, seed);
        Points points = new Points(P, d);
        Sphere.sample(new Rng(seed + 1), points);
        target.evaluate(points);
        return points;
    }

    private static double loss(ScalarEngine engine, Points points, double[] prediction) {
        engine.predict(points, prediction);
        double sum = 0;
        for (int p = 0; p < points.count(); p++) {
            double r = points.target()[p] - prediction[p];
            sum += r * r;
        }
        return 0.5 * sum / points.count();
    }

    private static double[] residual(ScalarEngine engine, Points points) {
        double[] prediction = new double[points.count()];
        engine.predict(points, prediction);
        double[] r = new double[points.count()];
        for (int p = 0; p < r.length; p++) {
            r[p] = points.target()[p] - prediction[p];
        }
        return r;
    }

    @ParameterizedTest(name = "{0}, d = {1}")
    @MethodSource("cases")
    void forcesAreMinusNTimesTheLossGradient(UnitKind kind, int d) {
        // Measured worst |force - finite difference|: 1.5e-8 (sigmoid, d = 25), the round-off
        // n eps l / h of the difference quotient (about 2e-9, times a few); forces range from 1e-4
        // to 1. Allowed 1e-7 + 1e-6 |force|: a wrong factor or sign anywhere in the force is an
        // error of order |force| and fails.
        Unit unit = Unit.of(kind, 1.0 / d);
        Points points = sample(d, 31 * d + kind.ordinal());
        // sigma_c > 0: with c = 0 every z force vanishes and the check would be empty.
        Particles particles = Particles.initialise(unit, N, d, 1.0, new Rng(d));
        int zDim = particles.zDim();
        try (ScalarEngine engine = new ScalarEngine(unit, d, particles, 1)) {
            double[] forceC = new double[N];
            double[] forceZ = new double[N * zDim];
            engine.forces(points, residual(engine, points), forceC, forceZ);
            double[] prediction = new double[P];
            for (int i : new int[] {0, N / 2, N - 1}) {
                // index -1 is c_i, j >= 0 is z coordinate j
                for (int j = -1; j < zDim; j++) {
                    double[] array = j < 0 ? particles.c() : particles.z();
                    int at = j < 0 ? i : j * N + i;
                    Particles moved = particles.copy();
                    double[] movedArray = j < 0 ? moved.c() : moved.z();
                    movedArray[at] = array[at] + H;
                    engine.write(moved);
                    double up = loss(engine, points, prediction);
                    movedArray[at] = array[at] - H;
                    engine.write(moved);
                    double down = loss(engine, points, prediction);
                    double numeric = -N * (up - down) / (2 * H);
                    double analytic = j < 0 ? forceC[i] : forceZ[at];
                    assertEquals(numeric, analytic, 1e-7 + 1e-6 * Math.abs(numeric),
                            kind + " d=" + d + " particle " + i + (j < 0 ? " c" : " z" + j));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}, d = {1}")
    @MethodSource("cases")
    void forcesEqualThePairSumForm(UnitKind kind, int d) {
        // The engine's O(n P d) residual form against the O(n^2 P) sum of one- and two-body terms,
        // with E_nu the average over the sample: equal up to round-off (measured at most 7e-16 relative).
        Unit unit = Unit.of(kind, 1.0 / d);
        Points points = sample(d, 17 * d + kind.ordinal());
        Particles particles = Particles.initialise(unit, N, d, 1.0, new Rng(100 + d));
        int zDim = particles.zDim();
        double[][] z = new double[N][zDim];
        double[][] phi = new double[N][P];
        for (int i = 0; i < N; i++) {
            particles.getZ(i, z[i]);
            for (int p = 0; p < P; p++) {
                phi[i][p] = unit.phi(points.coords(), p * d, z[i], d);
            }
        }
        double[] y = points.target();
        double[] c = particles.c();
        try (ScalarEngine engine = new ScalarEngine(unit, d, particles, 1)) {
            double[] forceC = new double[N];
            double[] forceZ = new double[N * zDim];
            engine.forces(points, residual(engine, points), forceC, forceZ);
            for (int i = 0; i < N; i++) {
                // d/dc_i: E[y phi_i] - (1/n) sum_j c_j E[phi_i phi_j]
                double expectedC = 0;
                // d/dz_i: c_i E[y grad phi_i] - (1/n) sum_j c_i c_j E[grad phi_i phi_j]
                double[] expectedZ = new double[zDim];
                for (int p = 0; p < P; p++) {
                    double weight = y[p];
                    for (int j = 0; j < N; j++) {
                        weight -= c[j] * phi[j][p] / N;
                    }
                    expectedC += weight * phi[i][p] / P;
                    unit.addGradient(points.coords(), p * d, z[i], d, c[i] * weight / P, expectedZ);
                }
                assertEquals(expectedC, forceC[i], 1e-12 * (1 + Math.abs(expectedC)), "c of particle " + i);
                for (int j = 0; j < zDim; j++) {
                    assertEquals(expectedZ[j], forceZ[j * N + i], 1e-12 * (1 + Math.abs(expectedZ[j])),
                            "z" + j + " of particle " + i);
                }
            }
        }
    }
}
