package org.meanfield.jmh;

import java.util.Locale;

import org.meanfield.engine.Engine;
import org.meanfield.engine.EngineProvider;
import org.meanfield.engine.KernelChoice;
import org.meanfield.model.Particles;
import org.meanfield.model.Points;
import org.meanfield.model.Rng;
import org.meanfield.model.Sphere;
import org.meanfield.model.ThreeSpinTarget;
import org.meanfield.model.Unit;
import org.meanfield.model.UnitKind;

/**
 * The problem every benchmark is built from, made the way {@code meanfield train} makes it: the
 * default gaussian width alpha = 1/d, z from the unit's law, c_i ~ N(0, 1) (so f_n and every force
 * are non-zero), points uniform on the sphere of radius sqrt(d), and the 3-spin target. Everything
 * is a function of fixed seeds, so the scalar and vector methods of a benchmark see the same inputs.
 */
final class Fixture {
    /** Seed of the particles' initialisation. */
    static final long PARTICLE_SEED = 1;
    /** Seed of the 3-spin coefficients. */
    static final long TARGET_SEED = 2;
    /** Seed of the points. */
    static final long POINT_SEED = 3;
    /** Standard deviation of the initial output weights c_i. */
    static final double SIGMA_C = 1.0;
    /** Step in mean-field time, the {@code train} default. */
    static final double DT = 0.05;

    private static final EngineProvider PROVIDER = EngineProvider.detect();

    private Fixture() {
    }

    /** The unit named {@code name} (relu, sigmoid, gaussian), gaussian width 1/d. */
    static Unit unit(String name, int d) {
        return Unit.of(UnitKind.valueOf(name.toUpperCase(Locale.ROOT)), 1.0 / d);
    }

    /** n particles of {@code unit} in dimension d. */
    static Particles particles(Unit unit, int n, int d) {
        return Particles.initialise(unit, n, d, SIGMA_C, new Rng(PARTICLE_SEED));
    }

    /** The target in dimension d. */
    static ThreeSpinTarget target(int d) {
        return new ThreeSpinTarget(d, TARGET_SEED);
    }

    /** {@code count} uniform points with the target's values (scalar reference evaluation). */
    static Points points(ThreeSpinTarget target, int count) {
        Points points = new Points(count, target.d());
        Sphere.sample(new Rng(POINT_SEED), points);
        target.evaluate(points);
        return points;
    }

    /**
     * The scalar or vector engine, through the project's provider: asking for {@code vector} where
     * the Vector API cannot run (no {@code --add-modules jdk.incubator.vector}, no C2) fails loudly
     * instead of timing the wrong code.
     */
    static Engine engine(KernelChoice kernel, Unit unit, int d, Particles particles, int threads) {
        Engine engine = PROVIDER.create(kernel, unit, d, particles, threads);
        if (!engine.label().equals(kernel.toString())) {
            throw new IllegalStateException("asked for the " + kernel + " engine, got " + engine.label());
        }
        return engine;
    }
}
