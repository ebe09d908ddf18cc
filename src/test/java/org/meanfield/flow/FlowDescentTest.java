package org.meanfield.flow;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meanfield.model.GaussianUnit;
import org.meanfield.model.Particles;
import org.meanfield.model.ThreeSpinTarget;

/**
 * Without noise and at a small step the flow descends its energy at every step, and the centres stay
 * on the sphere (with and without noise).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FlowDescentTest {
    @ParameterizedTest(name = "{0} d = {1}, n = {2}")
    @CsvSource({"fast, 5, 64, 3000", "fast, 3, 100, 2000", "reference, 5, 20, 1000"})
    void energyFallsAtEveryStep(String kind, int d, int n, int steps) {
        ThreeSpinTarget target = new ThreeSpinTarget(d, 31);
        Particles start = FlowFixtures.onSphere(n, d, 0.0, 17);
        try (FlowSystem system = FlowGradientTest.make(kind, target, new GaussianUnit(5.0 / d), d, start)) {
            double first = system.step(1e-3);
            double previous = first;
            int rises = 0;
            String firstRise = "";
            for (int s = 1; s < steps; s++) {
                double energy = system.step(1e-3);
                if (energy > previous) {
                    if (rises++ == 0) {
                        firstRise = "step " + s + ": " + previous + " -> " + energy;
                    }
                }
                previous = energy;
            }
            double last = system.energy();
            Particles p = new Particles(n, d);
            system.read(p);
            double radius = FlowFixtures.worstRadiusError(p);
            System.out.println(String.format(Locale.ROOT, "flow descent %s d = %d n = %d: E %.6g -> %.6g over %d steps, %d rises, radius error %.2g",
                    kind, d, n, first, last, steps, rises, radius));
            assertTrue(rises == 0, rises + " rises, first at " + firstRise);
            assertTrue(first - last > 1, "the energy barely moved: " + first + " -> " + last);
            assertTrue(radius <= 1e-12, "centres left the sphere by " + radius);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"fast", "reference"})
    void centresStayOnTheSphereWithNoise(String kind) {
        int d = 5;
        int n = 70;
        ThreeSpinTarget target = new ThreeSpinTarget(d, 4);
        try (FlowSystem system = FlowGradientTest.make(kind, target, new GaussianUnit(1), d, FlowFixtures.onSphere(n, d, 1.0, 2))) {
            for (int s = 0; s < 2000; s++) {
                system.step(1e-2);
                system.addNoise(0.05, 9, s);
            }
            Particles p = new Particles(n, d);
            system.read(p);
            double radius = FlowFixtures.worstRadiusError(p);
            System.out.println(String.format(Locale.ROOT, "flow sphere with noise %s: radius error %.2g after 2000 steps", kind, radius));
            assertTrue(radius <= 1e-12, "centres left the sphere by " + radius);
        }
    }
}
