package org.meanfield.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.meanfield.model.Particles;
import org.meanfield.model.ThreeSpinTarget;
import org.meanfield.model.Unit;
import org.meanfield.model.UnitKind;

/**
 * The provider in this JVM: Surefire runs with --add-modules jdk.incubator.vector and C2 on, so the
 * vector engine is usable and {@code auto} picks it; forced choices are honoured.
 */
class EngineProviderTest {
    private static final int D = 5;

    @Test
    void choicesGiveTheExpectedKernels() {
        EngineProvider provider = EngineProvider.detect();
        assertTrue(provider.vectorUsable(), provider.reason());
        Unit unit = EngineFixtures.unit(UnitKind.RELU, D);
        Particles particles = EngineFixtures.particles(unit, 10, D, 1);
        assertKernel(provider, KernelChoice.SCALAR, unit, particles, "scalar");
        assertKernel(provider, KernelChoice.VECTOR, unit, particles, "vector");
        assertKernel(provider, KernelChoice.AUTO, unit, particles, "vector");
    }

    private static void assertKernel(EngineProvider provider, KernelChoice choice, Unit unit, Particles particles,
            String expected) {
        try (Engine engine = provider.create(choice, unit, D, particles, 1)) {
            assertEquals(expected, engine.label(), choice.toString());
            assertEquals(particles.n(), engine.n());
            // The target's evaluation goes with the engine: lanes across points with the vector one.
            TargetEvaluator evaluator = engine.targetEvaluator(new ThreeSpinTarget(D, 2));
            assertEquals(expected.equals("vector"), evaluator instanceof VectorTargetEvaluator, choice.toString());
        }
    }

    @Test
    void reasonIsOneLineNamingTheChoice() {
        String reason = EngineProvider.detect().reason();
        assertFalse(reason.isBlank());
        assertFalse(reason.contains("\n") || reason.contains("\r"), reason);
        assertTrue(reason.startsWith("vector engine"), reason);
    }
}
