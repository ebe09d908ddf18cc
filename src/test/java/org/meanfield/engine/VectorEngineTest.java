package org.meanfield.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.meanfield.engine.EngineFixtures.U;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanfield.model.GaussianUnit;
import org.meanfield.model.Particles;
import org.meanfield.model.Points;
import org.meanfield.model.ThreeSpinTarget;
import org.meanfield.model.Unit;
import org.meanfield.model.UnitKind;

/**
 * The float32 SIMD engine against the double reference: f_n and the forces, for every unit, at
 * awkward sizes (n below, at and around the lane count and chunk-independent; d and P not multiples
 * of the register tile).
 *
 * <p>Tolerance, per output: |vector - scalar| &lt;= K * 2^-24 * sqrt(N) * S (+ a ReLU kink allowance),
 * where S is the magnitude of the summed terms including the sensitivity of each term to an error in
 * its pre-activation (S = mean |c phi| + |c| L m for f_n, with m the sum of the absolute values of
 * the terms of the pre-activation and L the Lipschitz constant of phi there), and N counts the
 * float roundings along the longest accumulation chain (d for the dot product plus the number of
 * summed terms plus a few for the activation and the float conversion of x, z, c, r). Rounding errors
 * behave like a random walk, hence sqrt(N). K = 8: the largest measured ratio
 * |error| / (2^-24 sqrt(N) S) over all 216 cases is printed after the class; on AVX2, JDK 17 it was
 * 0.39 for f_n, 0.77 for the force on c and 1.02 for the force on z, a margin of 8 or more. The bound
 * is still a relative 8 * 2^-24 * sqrt(N) (at most 2e-5) of S, and {@link
 * #boundsCatchOneLostParticleOrOneWrongResidual} checks that it catches one lost particle.
 *
 * <p>A ReLU's slope jumps at pre = 0: where float round-off can flip the sign of a pre-activation
 * (|pre| below 4 (d + 2) 2^-24 m, the worst-case dot-product error) the whole term is allowed as error.
 */
class VectorEngineTest {
    private static final double K = 8;
    /** Largest measured |error| / (2^-24 sqrt(N) S), per output, over all cases. */
    private static final double[] worst = new double[3];
    private static final String[] worstCase = new String[3];

    /**
     * Awkward sizes: n around the lane count (4, 8 or 16) and the chunk size; d below, at and around
     * the column tiles of the gradient sums (4 columns, tails of 3 to 6; affine units have d + 1
     * columns); P below and around the dot-product tile (4) and the point block (128). The width test
     * mode (pom.xml's vector-* executions, {@code -Dmeanfield.test.small=true}) takes a subset that
     * still crosses every boundary.
     */
    private static final boolean SMALL = Boolean.getBoolean("meanfield.test.small");

    static Stream<Arguments> cases() {
        int[] ds = SMALL ? new int[] {1, 3, 25} : new int[] {1, 2, 3, 7, 25, 31};
        int[] ns = SMALL ? new int[] {1, 9, 33, 257} : new int[] {1, 7, 8, 9, 33, 257, 1000};
        int[] ps = SMALL ? new int[] {1, 5, 102, 130} : new int[] {1, 5, 64, 102, 130, 257};
        List<Arguments> cases = new ArrayList<>();
        for (UnitKind kind : UnitKind.values()) {
            for (int d : ds) {
                for (int n : ns) {
                    for (int points : ps) {
                        cases.add(Arguments.of(kind, d, n, points));
                    }
                }
            }
        }
        return cases.stream();
    }

    /**
     * The fused path: predict() on the batch of the last descent computes the forces with f_n and
     * keeps them for forces() with that residual. They must be the bits that forces() computes
     * without a fused pass (the same kernels in the same order), f_n the bits of a plain predict(),
     * and within the bounds of the reference (checked on the plain path by the cases above).
     */
    @ParameterizedTest(name = "{0} d={1} n={2} P={3}")
    @CsvSource({"RELU,25,257,102", "SIGMOID,3,33,37", "GAUSSIAN,25,1000,265", "RELU,1,9,1", "GAUSSIAN,2,31,129",
            "SIGMOID,31,7,5", "RELU,7,600,300"})
    void fusedPassGivesTheBitsOfSeparatePasses(UnitKind kind, int d, int n, int count) {
        Unit unit = EngineFixtures.unit(kind, d);
        long seed = 77L * d + n + count;
        ThreeSpinTarget target = new ThreeSpinTarget(d, seed);
        Particles particles = EngineFixtures.particles(unit, n, d, seed + 1);
        Points x = EngineFixtures.points(target, count, seed + 2);
        int zDim = unit.zDim(d);
        try (VectorEngine separate = new VectorEngine(unit, d, particles, 2);
                VectorEngine fused = new VectorEngine(unit, d, particles, 3)) {
            double[] f1 = new double[count];
            separate.predict(x, f1);
            double[] r = new double[count];
            for (int p = 0; p < count; p++) {
                r[p] = x.target()[p] - f1[p];
            }
            double[] c1 = new double[n];
            double[] z1 = new double[n * zDim];
            separate.forces(x, r, c1, z1);

            double[] ignored = new double[count];
            fused.forces(x, r, new double[n], new double[n * zDim]); // marks x as the step's batch
            double[] f2 = new double[count];
            fused.predict(x, f2); // fused: forward and backward
            double[] c2 = new double[n];
            double[] z2 = new double[n * zDim];
            fused.forces(x, r, c2, z2);
            assertArrayEquals(f1, f2, "f_n");
            assertArrayEquals(c1, c2, "force c");
            assertArrayEquals(z1, z2, "force z");
            // A different residual must not take the kept forces.
            double[] r3 = r.clone();
            r3[count - 1] += 0.5;
            fused.predict(x, ignored);
            double[] c3 = new double[n];
            double[] z3 = new double[n * zDim];
            fused.forces(x, r3, c3, z3);
            double[] c4 = new double[n];
            double[] z4 = new double[n * zDim];
            separate.forces(x, r3, c4, z4);
            assertArrayEquals(c4, c3, "force c, other residual");
            assertArrayEquals(z4, z3, "force z, other residual");
            assertFalse(java.util.Arrays.equals(c1, c3), "the residual matters");
        }
    }

    @ParameterizedTest(name = "{0} d={1} n={2} P={3}")
    @MethodSource("cases")
    void predictAndForcesMatchScalarReference(UnitKind kind, int d, int n, int count) {
        compare(kind, d, n, count, Mutation.NONE);
    }

    /**
     * The bounds are not vacuous: they catch a single lost particle (the last one, in the tail lane
     * vector where padding begins) in f_n and in the force on z, and a 1 % error in one residual in
     * the force on c.
     */
    @Test
    void boundsCatchOneLostParticleOrOneWrongResidual() {
        for (UnitKind kind : UnitKind.values()) {
            AssertionError lost = assertThrows(AssertionError.class, () -> compare(kind, 25, 33, 64, Mutation.LOSE_LAST_PARTICLE));
            assertTrue(lost.getMessage().contains("f_n"), lost.getMessage());
            AssertionError lostZ = assertThrows(AssertionError.class, () -> compare(kind, 25, 33, 64, Mutation.LOSE_LAST_PARTICLE_FORCES_ONLY));
            assertTrue(lostZ.getMessage().contains("force z"), lostZ.getMessage());
            AssertionError residual = assertThrows(AssertionError.class, () -> compare(kind, 25, 1000, 64, Mutation.SCALE_ONE_RESIDUAL));
            assertTrue(residual.getMessage().contains("force c"), residual.getMessage());
        }
    }

    private enum Mutation {
        NONE, LOSE_LAST_PARTICLE, LOSE_LAST_PARTICLE_FORCES_ONLY, SCALE_ONE_RESIDUAL
    }

    private static void compare(UnitKind kind, int d, int n, int count, Mutation mutation) {
        Unit unit = EngineFixtures.unit(kind, d);
        long seed = 1000L * d + 10L * n + count;
        ThreeSpinTarget target = new ThreeSpinTarget(d, seed);
        Particles particles = EngineFixtures.particles(unit, n, d, seed + 1);
        Points x = EngineFixtures.points(target, count, seed + 2);
        int zDim = unit.zDim(d);
        String label = kind + " d=" + d + " n=" + n + " P=" + count;
        Particles vectorInput = particles.copy();
        if (mutation == Mutation.LOSE_LAST_PARTICLE || mutation == Mutation.LOSE_LAST_PARTICLE_FORCES_ONLY) {
            vectorInput.c()[n - 1] = 0;
        }
        boolean record = mutation == Mutation.NONE;

        try (ScalarEngine scalar = new ScalarEngine(unit, d, particles, 1);
                VectorEngine vector = new VectorEngine(unit, d, vectorInput, 1)) {
            double[] r = EngineFixtures.residual(scalar, x);
            double[] rVector = r.clone();
            if (mutation == Mutation.SCALE_ONE_RESIDUAL) {
                rVector[count - 1] *= 1.01;
            }
            double[] predictRef = new double[count];
            double[] predictVec = new double[count];
            scalar.predict(x, predictRef);
            vector.predict(x, predictVec);
            double[] cRef = new double[n];
            double[] zRef = new double[n * zDim];
            double[] cVec = new double[n];
            double[] zVec = new double[n * zDim];
            scalar.forces(x, r, cRef, zRef);
            vector.forces(x, rVector, cVec, zVec);

            Bounds b = new Bounds(unit, d, particles, x, r);
            double roundings = 8;
            if (mutation != Mutation.LOSE_LAST_PARTICLE_FORCES_ONLY) {
                check(0, label + " f_n", predictRef, predictVec, b.predict, new double[count], d + n + roundings, record);
            }
            check(1, label + " force c", cRef, cVec, b.forceC, new double[n], d + count + roundings, record);
            check(2, label + " force z", zRef, zVec, b.forceZ, b.kinkZ, d + count + roundings, record);
            if (n >= 33) {
                assertTrue(maxAbs(zRef) > 0, label + ": forces on z should not vanish (c != 0)");
            }
        }
    }

    /** Asserts |vec - ref| <= K u sqrt(N) S + allowance elementwise and records the largest ratio. */
    private static void check(int output, String label, double[] ref, double[] vec, double[] scale, double[] allowance,
            double roundings, boolean record) {
        double unitError = U * Math.sqrt(roundings);
        for (int i = 0; i < ref.length; i++) {
            double error = Math.abs(vec[i] - ref[i]);
            double bound = K * unitError * scale[i] + allowance[i];
            if (!(error <= bound)) {
                throw new AssertionError(String.format(Locale.ROOT,
                        "%s[%d]: vector %.9g, scalar %.9g, error %.3g > bound %.3g (scale %.3g, allowance %.3g)",
                        label, i, vec[i], ref[i], error, bound, scale[i], allowance[i]));
            }
            if (record && allowance[i] == 0 && scale[i] > 0) {
                double ratio = error / (unitError * scale[i]);
                if (ratio > worst[output]) {
                    worst[output] = ratio;
                    worstCase[output] = label + "[" + i + "]";
                }
            }
        }
    }

    @AfterAll
    static void report() {
        String[] names = {"f_n", "force c", "force z"};
        for (int k = 0; k < 3; k++) {
            System.out.printf(Locale.ROOT, "VectorEngineTest: max |error| / (2^-24 sqrt(N) S) for %s = %.3f (bound %.0f) at %s%n",
                    names[k], worst[k], K, worstCase[k]);
        }
    }

    private static double maxAbs(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    /**
     * The magnitudes S of the summed terms, in double, per output: for each (particle, point) pair
     * the pre-activation, the sum m of the absolute values of its terms, phi, its Lipschitz constant
     * L (how far an error in the pre-activation moves phi) and the slope's Lipschitz constant.
     */
    static final class Bounds {
        final double[] predict;
        final double[] forceC;
        final double[] forceZ;
        final double[] kinkZ;

        Bounds(Unit unit, int d, Particles particles, Points x, double[] r) {
            int n = particles.n();
            int count = x.count();
            int zDim = unit.zDim(d);
            double[] xs = x.coords();
            predict = new double[count];
            forceC = new double[n];
            forceZ = new double[n * zDim];
            kinkZ = new double[n * zDim];
            double[] zi = new double[zDim];
            double alpha = unit instanceof GaussianUnit g ? g.alpha() : 0;
            double radius2 = d;
            for (int i = 0; i < n; i++) {
                particles.getZ(i, zi);
                double ci = Math.abs(particles.c()[i]);
                for (int p = 0; p < count; p++) {
                    int xo = p * d;
                    double pre;
                    double m;
                    double phi;
                    double lip;
                    double slope;
                    double slopeLip;
                    boolean kink = false;
                    if (unit.kind() == UnitKind.GAUSSIAN) {
                        double dot = 0;
                        double absDot = 0;
                        double norm2 = 0;
                        for (int k = 0; k < d; k++) {
                            dot += zi[k] * xs[xo + k];
                            absDot += Math.abs(zi[k] * xs[xo + k]);
                            norm2 += zi[k] * zi[k];
                        }
                        pre = alpha * dot - 0.5 * alpha * (radius2 + norm2);
                        m = alpha * (absDot + 0.5 * (radius2 + norm2));
                        phi = Math.exp(pre);
                        lip = phi;
                        slope = phi;
                        slopeLip = phi;
                    } else {
                        pre = zi[d];
                        m = Math.abs(zi[d]);
                        for (int k = 0; k < d; k++) {
                            pre += zi[k] * xs[xo + k];
                            m += Math.abs(zi[k] * xs[xo + k]);
                        }
                        if (unit.kind() == UnitKind.RELU) {
                            phi = Math.max(0, pre);
                            lip = 1;
                            slope = pre > 0 ? 1 : 0;
                            slopeLip = 0;
                            kink = Math.abs(pre) <= 4 * (d + 2) * U * m;
                        } else {
                            phi = 1 / (1 + Math.exp(-pre));
                            lip = phi * (1 - phi);
                            // The kernel's slope phi - phi^2 cancels when phi is near 1: its error is
                            // about 2^-24 phi in absolute terms, not relative to the slope.
                            slope = lip + phi;
                            slopeLip = lip;
                        }
                    }
                    double rp = Math.abs(r[p]);
                    double sensitivity = phi + lip * m;
                    predict[p] += ci * sensitivity / n;
                    forceC[i] += rp * sensitivity / count;
                    if (unit.kind() == UnitKind.GAUSSIAN) {
                        double s = alpha * ci * rp * (phi + slopeLip * m) / count;
                        for (int k = 0; k < d; k++) {
                            forceZ[k * n + i] += s * (Math.abs(xs[xo + k]) + Math.abs(zi[k]));
                        }
                    } else {
                        double s = ci * rp * (slope + slopeLip * m) / count;
                        double flip = kink ? ci * rp / count : 0;
                        for (int k = 0; k <= d; k++) {
                            double xk = k < d ? Math.abs(xs[xo + k]) : 1;
                            forceZ[k * n + i] += s * xk;
                            kinkZ[k * n + i] += flip * xk;
                        }
                    }
                }
            }
        }
    }

    /** read() gives back exactly n particles: the engine's float copy of what it was given. */
    @Test
    void readReturnsExactlyNParticlesRoundedToFloat() {
        Unit unit = EngineFixtures.unit(UnitKind.SIGMOID, 7);
        Particles particles = EngineFixtures.particles(unit, 9, 7, 5);
        try (VectorEngine vector = new VectorEngine(unit, 7, particles, 1)) {
            assertEquals(9, vector.n());
            Particles out = new Particles(9, unit.zDim(7));
            vector.read(out);
            Particles expected = EngineFixtures.roundedToFloat(particles);
            assertArrayEquals(expected.c(), out.c());
            assertArrayEquals(expected.z(), out.z());
        }
    }
}
