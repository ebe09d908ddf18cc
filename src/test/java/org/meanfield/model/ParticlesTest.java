package org.meanfield.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The struct-of-arrays particle state: layout, copies, initialisation. */
class ParticlesTest {
    @Test
    void zIsDimensionMajor() {
        Particles particles = new Particles(3, 2);
        particles.setZ(1, new double[] {10, 20});
        assertArrayEquals(new double[] {0, 10, 0, 0, 20, 0}, particles.z());
        double[] out = new double[2];
        particles.getZ(1, out);
        assertArrayEquals(new double[] {10, 20}, out);
    }

    @Test
    void copyIsDeep() {
        Particles particles = Particles.initialise(Unit.of(UnitKind.RELU, 1), 5, 3, 1.0, new Rng(1));
        Particles copy = particles.copy();
        assertArrayEquals(particles.c(), copy.c());
        assertArrayEquals(particles.z(), copy.z());
        copy.c()[0] += 1;
        copy.z()[0] += 1;
        assertTrue(particles.c()[0] != copy.c()[0]);
        assertTrue(particles.z()[0] != copy.z()[0]);
    }

    @Test
    void outputWeightsStartAtZeroUnlessAsked() {
        Particles zero = Particles.initialise(Unit.of(UnitKind.SIGMOID, 1), 50, 4, 0, new Rng(2));
        for (double c : zero.c()) {
            assertEquals(0, c);
        }
        Particles random = Particles.initialise(Unit.of(UnitKind.SIGMOID, 1), 50, 4, 0.5, new Rng(2));
        assertTrue(java.util.Arrays.stream(random.c()).anyMatch(c -> c != 0));
        assertEquals(5, random.zDim());
        assertEquals(50, random.n());
    }

    @Test
    void rejectsEmptySystems() {
        assertThrows(IllegalArgumentException.class, () -> new Particles(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new Particles(3, 0));
        assertThrows(IllegalArgumentException.class, () -> new Points(0, 3));
    }
}
