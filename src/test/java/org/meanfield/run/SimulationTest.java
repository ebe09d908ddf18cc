package org.meanfield.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanfield.config.RunConfig;
import org.meanfield.dynamics.DynamicsKind;
import org.meanfield.engine.EngineProvider;
import org.meanfield.engine.KernelChoice;
import org.meanfield.model.Particles;
import org.meanfield.model.UnitKind;

/** A run is a function of its config: same seed, same numbers, bit for bit, whatever the threads. */
class SimulationTest {
    private static final EngineProvider PROVIDER = EngineProvider.detect();

    /** The particles after the config's steps. */
    private static Particles after(RunConfig config) {
        try (Simulation sim = new Simulation(config, PROVIDER)) {
            for (long step = 0; step < config.steps(); step++) {
                sim.dynamics().step(step);
            }
            return sim.particles();
        }
    }

    private static void assertBitwiseEqual(Particles a, Particles b) {
        // assertArrayEquals on double[] compares with ==-like semantics; compare raw bits to be strict.
        assertEquals(a.c().length, b.c().length);
        for (int i = 0; i < a.c().length; i++) {
            assertEquals(Double.doubleToRawLongBits(a.c()[i]), Double.doubleToRawLongBits(b.c()[i]), "c " + i);
        }
        for (int k = 0; k < a.z().length; k++) {
            assertEquals(Double.doubleToRawLongBits(a.z()[k]), Double.doubleToRawLongBits(b.z()[k]), "z " + k);
        }
    }

    @ParameterizedTest
    @EnumSource(value = KernelChoice.class, names = {"SCALAR", "AUTO"})
    void sameSeedSameParticlesDifferentSeedDifferentParticles(KernelChoice kernel) {
        RunConfig config = Configs.small(kernel);
        Particles first = after(config);
        assertBitwiseEqual(first, after(config));
        Particles other = after(Configs.withSeed(config, 2));
        assertFalse(Arrays.equals(first.z(), other.z()));
        assertFalse(Arrays.equals(first.c(), other.c()));
        // The run moved: c starts at 0.
        assertTrue(Arrays.stream(first.c()).anyMatch(c -> c != 0));
    }

    @ParameterizedTest
    @EnumSource(value = KernelChoice.class, names = {"SCALAR", "AUTO"})
    void threadCountDoesNotChangeTheNumbers(KernelChoice kernel) {
        // n = 600 spans three chunks, so two threads really split the work.
        RunConfig config = Configs.small(kernel);
        assertBitwiseEqual(after(config), after(Configs.withThreads(config, 2)));
    }

    static Stream<Arguments> gdCases() {
        // The vector engine only with ReLU: its sigmoid and gaussian runs depend on the JIT state
        // (see vectorRunsWithExpAreReproducibleInAColdJvm below).
        return Stream.of(Arguments.of(KernelChoice.SCALAR, UnitKind.GAUSSIAN),
                Arguments.of(KernelChoice.SCALAR, UnitKind.SIGMOID), Arguments.of(KernelChoice.AUTO, UnitKind.RELU));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("gdCases")
    void gdWithLangevinNoiseIsReproducibleToo(KernelChoice kernel, UnitKind unit) {
        RunConfig config = Configs.withUnit(Configs.small(kernel), unit, DynamicsKind.GD, 0.01, 0.5);
        Particles first = after(config);
        assertBitwiseEqual(first, after(Configs.withThreads(config, 2)));
        assertFalse(Arrays.equals(first.z(), after(Configs.withSeed(config, 7)).z()));
    }

    @ParameterizedTest
    @EnumSource(value = UnitKind.class, names = {"SIGMOID", "GAUSSIAN"})
    void vectorRunsWithExpAreReproducibleInAColdJvm(UnitKind unit) {
        // With the JDK's VectorOperators.EXP this failed when run alone in a fresh JVM: the first,
        // partly interpreted run differed in the last bits from a later, C2-compiled one (9 of the
        // 600 c_i for sigmoid after 40 steps). The kernels' own FMA-based exp gives the same bits
        // in every tier.
        RunConfig config = Configs.withUnit(Configs.small(KernelChoice.AUTO), unit, DynamicsKind.SGD, 0, 0.5);
        Particles first = after(config);
        for (int run = 0; run < 3; run++) {
            assertBitwiseEqual(first, after(config));
        }
    }

    @Test
    void scalarAndAutoStartFromTheSameParticles() {
        // The initialisation does not depend on the engine (the vector engine's float copy rounds it).
        RunConfig scalar = Configs.withLength(Configs.small(KernelChoice.SCALAR), 0.05, 0, 10);
        RunConfig auto = Configs.withLength(Configs.small(KernelChoice.AUTO), 0.05, 0, 10);
        Particles a = after(scalar);
        Particles b = after(auto);
        for (int k = 0; k < a.z().length; k++) {
            assertEquals((float) a.z()[k], (float) b.z()[k], "z " + k);
        }
        assertArrayEquals(a.c(), b.c());
    }
}
