package org.meanfield.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meanfield.model.GaussianUnit;
import org.meanfield.model.Particles;
import org.meanfield.model.ThreeSpinTarget;

/**
 * The flow is the gradient flow of its energy: for both systems, the forces equal -n times the
 * gradient of {@code energy()} by central finite differences, for c and for the tangential part of
 * the centres' gradient (the ambient gradient projected onto the tangent space at y_i).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FlowGradientTest {
    @ParameterizedTest(name = "{0} d = {1}, n = {2}, alpha = {3}")
    @CsvSource({"fast, 3, 7, 1.0", "fast, 5, 9, 1.0", "fast, 5, 70, 0.5", "fast, 10, 5, 0.3", "fast, 1, 4, 1.0",
            "reference, 3, 7, 1.0", "reference, 5, 9, 1.0", "reference, 2, 6, 2.0"})
    void forcesAreMinusNTimesTheGradient(String kind, int d, int n, double alpha) {
        ThreeSpinTarget target = new ThreeSpinTarget(d, 11 + d);
        GaussianUnit unit = new GaussianUnit(alpha);
        Particles base = FlowFixtures.onSphere(n, d, 3.0, 40 + n);
        try (FlowSystem system = make(kind, target, unit, d, base)) {
            double[] forceC = new double[n];
            double[] forceY = new double[n * d];
            double energy = system.forces(forceC, forceY);
            assertEquals(system.energy(), energy, 0, "forces() and energy() disagree on the energy");
            double scale = Math.max(FlowFixtures.maxAbs(forceC), FlowFixtures.maxAbs(forceY));
            Particles p = base.copy();
            double h = 1e-5;
            double worst = 0;
            for (int i = 0; i < n; i++) {
                double fdC = -n * derivative(system, p, p.c(), i, h);
                worst = Math.max(worst, Math.abs(fdC - forceC[i]));
                double[] grad = new double[d];
                double radial = 0;
                double norm2 = 0;
                for (int k = 0; k < d; k++) {
                    grad[k] = -n * derivative(system, p, p.z(), k * n + i, h);
                    double yk = p.z()[k * n + i];
                    radial += grad[k] * yk;
                    norm2 += yk * yk;
                }
                for (int k = 0; k < d; k++) {
                    double tangential = grad[k] - radial / norm2 * p.z()[k * n + i];
                    worst = Math.max(worst, Math.abs(tangential - forceY[k * n + i]));
                }
            }
            System.out.println(String.format(Locale.ROOT, "flow gradient %s d = %d n = %d alpha = %s: max |force - fd| / max |force| = %.2g",
                    kind, d, n, alpha, worst / scale));
            assertTrue(scale > 0.1, "forces too small to test: " + scale);
            assertTrue(worst <= 1e-6 * scale, "forces differ from -n grad E by " + worst + " of " + scale);
        }
    }

    /** Central difference of the energy in {@code values[at]} (values is p.c() or p.z()). */
    private static double derivative(FlowSystem system, Particles p, double[] values, int at, double h) {
        double keep = values[at];
        double step = h * Math.max(1, Math.abs(keep));
        values[at] = keep + step;
        system.write(p);
        double up = system.energy();
        values[at] = keep - step;
        system.write(p);
        double down = system.energy();
        values[at] = keep;
        system.write(p);
        return (up - down) / (2 * step);
    }

    /**
     * The energy is the definition, written out here from the raw (unsymmetrised) 3-spin coefficients:
     * E = -(1/n) sum_i c_i f(y_i) + (1/(2 n^2)) sum_{i,j} c_i c_j exp(-alpha/2 |y_i - y_j|^2).
     */
    @Test
    void energyIsTheDefinition() {
        int d = 4;
        int n = 23;
        double alpha = 0.8;
        ThreeSpinTarget target = new ThreeSpinTarget(d, 5);
        Particles p = FlowFixtures.onSphere(n, d, 2.0, 6);
        double oneBody = 0;
        double pairs = 0;
        double scale = 0;
        double[] yi = new double[d];
        double[] yj = new double[d];
        for (int i = 0; i < n; i++) {
            p.getZ(i, yi);
            double term = p.c()[i] * target.evaluateUnsymmetrised(yi, 0);
            oneBody += term;
            scale += Math.abs(term) / n;
            for (int j = 0; j < n; j++) {
                p.getZ(j, yj);
                double dist2 = 0;
                for (int k = 0; k < d; k++) {
                    dist2 += (yi[k] - yj[k]) * (yi[k] - yj[k]);
                }
                double pair = p.c()[i] * p.c()[j] * Math.exp(-alpha / 2 * dist2);
                pairs += pair;
                scale += Math.abs(pair) / (2.0 * n * n);
            }
        }
        double expected = -oneBody / n + pairs / (2.0 * n * n);
        for (String kind : new String[] {"fast", "reference"}) {
            try (FlowSystem system = make(kind, target, new GaussianUnit(alpha), d, p)) {
                assertEquals(expected, system.energy(), 1e-13 * scale, kind);
            }
        }
    }

    /** One particle: E = -c f(y) + c^2 / 2 (phi(y, y) = 1), and force_c = f(y) - c. */
    @Test
    void oneParticleHasTheClosedFormEnergy() {
        int d = 4;
        ThreeSpinTarget target = new ThreeSpinTarget(d, 3);
        Particles p = FlowFixtures.onSphere(1, d, 2.0, 9);
        double f = target.evaluate(p.z(), 0);
        double ci = p.c()[0];
        for (String kind : new String[] {"fast", "reference"}) {
            try (FlowSystem system = make(kind, target, new GaussianUnit(1), d, p)) {
                double[] forceC = new double[1];
                double[] forceY = new double[d];
                assertEquals(-ci * f + ci * ci / 2, system.forces(forceC, forceY), 1e-13 * (1 + Math.abs(ci * f)), kind);
                assertEquals(f - ci, forceC[0], 1e-13 * (1 + Math.abs(f)), kind);
            }
        }
    }

    static FlowSystem make(String kind, ThreeSpinTarget target, GaussianUnit unit, int d, Particles p) {
        return kind.equals("fast") ? new KernelFlowSystem(target, unit, d, p, 2) : new ReferenceKernelFlowSystem(target, unit, d, p, 2);
    }
}
