package org.meanfield.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meanfield.engine.ScalarEngine;
import org.meanfield.model.GaussianUnit;
import org.meanfield.model.Particles;
import org.meanfield.model.Points;
import org.meanfield.model.Rng;
import org.meanfield.model.Sphere;
import org.meanfield.model.ThreeSpinTarget;

/**
 * The exact population loss of {@link ReferenceExactSystem} is the test-set loss of the same
 * particles (held-out points through engine.ScalarEngine.predict) within its standard error, and its
 * forces are -n times its gradient (central differences).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ExactLossTest {
    @ParameterizedTest(name = "d = {0}, alpha = {1}, n = {2}")
    @CsvSource({"4, 0.5, 20", "7, 0.3, 40", "10, 1.0, 30"})
    void exactLossIsTheTestSetLoss(int d, double alpha, int n) {
        ThreeSpinTarget target = new ThreeSpinTarget(d, 31 + d);
        GaussianUnit unit = new GaussianUnit(alpha);
        // sigma_c = 3: f_n is as large as f, so the pair term and the one-body term both matter.
        Particles particles = Particles.initialise(unit, n, d, 3.0, new Rng(41 + d));
        int m = 100_000;
        Points points = new Points(m, d);
        Sphere.sample(new Rng(51 + d), points);
        target.evaluate(points);
        double[] prediction = new double[m];
        try (ScalarEngine engine = new ScalarEngine(unit, d, particles, 2)) {
            engine.predict(points, prediction);
        }
        double sum = 0;
        double sumSquares = 0;
        for (int p = 0; p < m; p++) {
            double r = points.target()[p] - prediction[p];
            double half = 0.5 * r * r;
            sum += half;
            sumSquares += half * half;
        }
        double mean = sum / m;
        double error = Math.sqrt((sumSquares / m - mean * mean) / (m - 1));
        double exact;
        try (ReferenceExactSystem system = new ReferenceExactSystem(target, unit, d, particles, 2)) {
            exact = system.loss();
        }
        String line = String.format(Locale.ROOT, "exact loss %.6g, test-set loss %.6g +- %.2g (C_f %.4g)", exact, mean, error, target.cf());
        assertTrue(Math.abs(exact - mean) <= 5 * error, line);
        assertTrue(error < 0.02 * mean, "the test set is too small to check anything: " + line);
    }

    @ParameterizedTest(name = "d = {0}, alpha = {1}")
    @CsvSource({"3, 0.7", "6, 0.2", "16, 1.5"})
    void forcesAreMinusNTimesTheGradient(int d, double alpha) {
        int n = 5;
        ThreeSpinTarget target = new ThreeSpinTarget(d, 3);
        GaussianUnit unit = new GaussianUnit(alpha);
        Particles particles = Particles.initialise(unit, n, d, 1.0, new Rng(9));
        // move the centres off the sphere, in and out
        for (int k = 0; k < particles.z().length; k++) {
            particles.z()[k] *= 0.6 + 0.1 * (k % 7);
        }
        double[] forceC = new double[n];
        double[] forceZ = new double[n * d];
        try (ReferenceExactSystem system = new ReferenceExactSystem(target, unit, d, particles, 1)) {
            system.forces(forceC, forceZ);
            double h = 1e-6;
            for (int i = 0; i < n; i++) {
                double numeric = -n * derivative(system, particles, particles.c(), i, h);
                assertEquals(numeric, forceC[i], 1e-6 * Math.max(1, Math.abs(forceC[i])), "force on c_" + i);
                for (int k = 0; k < d; k++) {
                    numeric = -n * derivative(system, particles, particles.z(), k * n + i, h);
                    assertEquals(numeric, forceZ[k * n + i], 1e-6 * Math.max(1, Math.abs(forceZ[k * n + i])),
                            "force on z_" + i + "[" + k + "]");
                }
            }
        }
    }

    /** A small Euler step lowers the loss by dt n |force|^2 / n to first order. */
    @ParameterizedTest(name = "d = {0}")
    @CsvSource({"5", "12"})
    void stepDescendsTheLoss(int d) {
        int n = 16;
        ThreeSpinTarget target = new ThreeSpinTarget(d, 8);
        GaussianUnit unit = new GaussianUnit(1.0 / d);
        Particles particles = Particles.initialise(unit, n, d, 0.5, new Rng(2));
        try (ReferenceExactSystem system = new ReferenceExactSystem(target, unit, d, particles, 1)) {
            double[] forceC = new double[n];
            double[] forceZ = new double[n * d];
            double before = system.forces(forceC, forceZ);
            double squares = 0;
            for (double f : forceC) {
                squares += f * f;
            }
            for (double f : forceZ) {
                squares += f * f;
            }
            double dt = 1e-4;
            assertEquals(before, system.step(dt), 0);
            double after = system.loss();
            // l(theta + dt force) = l - dt sum |force_i|^2 / n + O(dt^2)
            assertEquals(-dt * squares / n, after - before, 1e-3 * dt * squares / n);
        }
    }

    private static double derivative(ExactSystem system, Particles particles, double[] array, int index, double h) {
        double saved = array[index];
        array[index] = saved + h;
        system.write(particles);
        double plus = system.loss();
        array[index] = saved - h;
        system.write(particles);
        double minus = system.loss();
        array[index] = saved;
        system.write(particles);
        return (plus - minus) / (2 * h);
    }
}
