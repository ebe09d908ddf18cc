package org.meanfield.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * The loss as an energy: l = C_f - (1/n) sum_i F(theta_i) + (1/(2 n^2)) sum_{i,j} K(theta_i, theta_j)
 * holds exactly when every E_nu is the same finite average (SCIENCE.md section 3).
 */
class EnergyDecompositionTest {
    static Stream<Arguments> cases() {
        return Stream.of(UnitKind.values())
                .flatMap(kind -> Stream.of(1, 7, 25).map(d -> Arguments.of(kind, d)));
    }

    @ParameterizedTest(name = "{0}, d = {1}")
    @MethodSource("cases")
    void lossIsOneBodyPlusTwoBodyEnergy(UnitKind kind, int d) {
        // Measured |l - (C_f - F/n + K/2n^2)| / (C_f + |F|/n + K/2n^2): at most 4e-15 (round-off).
        // Allowed 1e-12.
        int n = 40;
        int m = 200;
        Unit unit = Unit.of(kind, 1.0 / d);
        ThreeSpinTarget target = new ThreeSpinTarget(d, 5 + d);
        Points points = new Points(m, d);
        Sphere.sample(new Rng(d), points);
        target.evaluate(points);
        // sigma_c = 2: the network output is comparable to the target, so all three terms matter.
        Particles particles = Particles.initialise(unit, n, d, 2.0, new Rng(50 + d));
        double[] y = points.target();
        double[][] phi = new double[n][m];
        double[] zi = new double[particles.zDim()];
        for (int i = 0; i < n; i++) {
            particles.getZ(i, zi);
            for (int p = 0; p < m; p++) {
                phi[i][p] = unit.phi(points.coords(), p * d, zi, d);
            }
        }
        double[] c = particles.c();
        double cf = 0;
        for (int p = 0; p < m; p++) {
            cf += 0.5 * y[p] * y[p] / m;
        }
        double oneBody = 0;
        for (int i = 0; i < n; i++) {
            double e = 0;
            for (int p = 0; p < m; p++) {
                e += y[p] * phi[i][p];
            }
            oneBody += c[i] * e / m;
        }
        double twoBody = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double e = 0;
                for (int p = 0; p < m; p++) {
                    e += phi[i][p] * phi[j][p];
                }
                twoBody += c[i] * c[j] * e / m;
            }
        }
        double energy = cf - oneBody / n + twoBody / (2.0 * n * n);

        double loss;
        try (ScalarEngine engine = new ScalarEngine(unit, d, particles, 1)) {
            double[] prediction = new double[m];
            engine.predict(points, prediction);
            double sum = 0;
            for (int p = 0; p < m; p++) {
                double r = y[p] - prediction[p];
                sum += r * r;
            }
            loss = 0.5 * sum / m;
        }
        double scale = cf + Math.abs(oneBody) / n + twoBody / (2.0 * n * n);
        assertEquals(loss, energy, 1e-12 * scale, kind + " d=" + d);
        // The two-body term is a Gram quadratic form: never negative.
        assertTrue(twoBody >= 0, "sum K = " + twoBody);
    }
}
