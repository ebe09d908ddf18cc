package org.meanfield.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.meanfield.model.GaussianUnit;
import org.meanfield.model.Particles;
import org.meanfield.model.ThreeSpinTarget;

/**
 * The fast flow against the reference (energy, forces, a trajectory, the noise), its determinism
 * across thread counts (bitwise, over steps with noise), and the round-robin schedule behind it.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class KernelFlowSystemTest {
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> shapes() {
        java.util.List<org.junit.jupiter.params.provider.Arguments> out = new java.util.ArrayList<>();
        for (int n : new int[] {1, 2, 7, 9, 33, 100, 257}) {
            for (int d : new int[] {1, 3, 5, 10}) {
                out.add(org.junit.jupiter.params.provider.Arguments.of(n, d));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "n = {0}, d = {1}")
    @MethodSource("shapes")
    void agreesWithTheReference(int n, int d) {
        ThreeSpinTarget target = new ThreeSpinTarget(d, 100 + d);
        GaussianUnit unit = new GaussianUnit(5.0 / d);
        Particles particles = FlowFixtures.onSphere(n, d, 4.0, 200 + n);
        double[] refC = new double[n];
        double[] refY = new double[n * d];
        double[] fastC = new double[n];
        double[] fastY = new double[n * d];
        try (ReferenceKernelFlowSystem reference = new ReferenceKernelFlowSystem(target, unit, d, particles, 2);
                KernelFlowSystem fast = new KernelFlowSystem(target, unit, d, particles, 2)) {
            double refEnergy = reference.forces(refC, refY);
            double fastEnergy = fast.forces(fastC, fastY);
            assertEquals(fastEnergy, fast.energy(), 0, "energy() and forces() disagree");
            double energyScale = energyScale(reference);
            double forceScale = Math.max(FlowFixtures.maxAbs(refC), FlowFixtures.maxAbs(refY));
            double worst = 0;
            for (int i = 0; i < n; i++) {
                worst = Math.max(worst, Math.abs(fastC[i] - refC[i]));
            }
            for (int k = 0; k < n * d; k++) {
                worst = Math.max(worst, Math.abs(fastY[k] - refY[k]));
            }
            // A short trajectory with noise: the two stay together.
            for (int s = 0; s < 20; s++) {
                reference.step(1e-3);
                fast.step(1e-3);
                reference.addNoise(1e-3, 5, s);
                fast.addNoise(1e-3, 5, s);
            }
            Particles a = new Particles(n, d);
            Particles b = new Particles(n, d);
            reference.read(a);
            fast.read(b);
            double drift = Math.max(maxDiff(a.c(), b.c()) / (1 + FlowFixtures.maxAbs(a.c())), maxDiff(a.z(), b.z()) / Math.sqrt(d));
            System.out.println(String.format(Locale.ROOT,
                    "flow fast vs reference n = %d d = %d: E %.6g, |dE|/scale %.2g, max|dforce|/max|force| %.2g, after 20 steps %.2g",
                    n, d, refEnergy, Math.abs(fastEnergy - refEnergy) / energyScale, worst / forceScale, drift));
            assertEquals(refEnergy, fastEnergy, 1e-12 * energyScale);
            assertTrue(worst <= 1e-12 * forceScale, "forces differ by " + worst + " of " + forceScale);
            assertTrue(drift <= 1e-11, "trajectories drift apart by " + drift);
        }
    }

    /** The size of the energy's terms, (1/n) sum |c_i f(y_i)| + (1/(2n^2)) sum |c_i c_j|: what rounding is relative to. */
    private static double energyScale(FlowSystem system) {
        Particles p = new Particles(system.n(), system.d());
        system.read(p);
        int n = p.n();
        double sumAbsC = 0;
        for (double ci : p.c()) {
            sumAbsC += Math.abs(ci);
        }
        return Math.abs(system.energy()) + sumAbsC * sumAbsC / (2.0 * n * n) + 1e-300;
    }

    private static double maxDiff(double[] a, double[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }

    /** The noise is the same numbers in both systems (same chunk streams, same projection): bit for bit. */
    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {1, 9, 257, 600})
    void noiseIsTheReferenceNoiseBitForBit(int n) {
        int d = 5;
        ThreeSpinTarget target = new ThreeSpinTarget(d, 1);
        Particles particles = FlowFixtures.onSphere(n, d, 1.0, 3);
        try (ReferenceKernelFlowSystem reference = new ReferenceKernelFlowSystem(target, new GaussianUnit(1), d, particles, 1);
                KernelFlowSystem fast = new KernelFlowSystem(target, new GaussianUnit(1), d, particles, 2)) {
            reference.addNoise(0.1, 77, 12);
            fast.addNoise(0.1, 77, 12);
            Particles a = new Particles(n, d);
            Particles b = new Particles(n, d);
            reference.read(a);
            fast.read(b);
            assertArrayEquals(a.c(), b.c());
            assertArrayEquals(a.z(), b.z());
            assertTrue(maxDiff(a.c(), particles.c()) > 0.01, "the noise moved nothing");
            assertTrue(FlowFixtures.worstRadiusError(b) <= 1e-12, "noise left the sphere");
        }
    }

    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {5, 130, 300, 700})
    void bitwiseIdenticalOnOneTwoAndThreeThreads(int n) {
        int d = 5;
        ThreeSpinTarget target = new ThreeSpinTarget(d, 8);
        Particles particles = FlowFixtures.onSphere(n, d, 1.0, 13);
        Particles[] out = new Particles[3];
        double[][] energies = new double[3][];
        for (int t = 1; t <= 3; t++) {
            try (KernelFlowSystem fast = new KernelFlowSystem(target, new GaussianUnit(1), d, particles, t)) {
                energies[t - 1] = new double[30];
                for (int s = 0; s < 30; s++) {
                    energies[t - 1][s] = fast.step(1e-2);
                    fast.addNoise(1e-3, 21, s);
                }
                out[t - 1] = new Particles(n, d);
                fast.read(out[t - 1]);
            }
        }
        for (int t = 1; t < 3; t++) {
            assertArrayEquals(energies[0], energies[t], "energies on " + (t + 1) + " threads");
            assertArrayEquals(out[0].c(), out[t].c(), "c on " + (t + 1) + " threads");
            assertArrayEquals(out[0].z(), out[t].z(), "y on " + (t + 1) + " threads");
        }
        assertTrue(maxDiff(out[0].c(), particles.c()) > 1e-3, "the steps moved nothing");
    }

    /** Every unordered pair of distinct blocks meets exactly once, and no block twice in a round. */
    @ParameterizedTest(name = "blocks = {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 16, 17})
    void roundRobinCoversEveryPairOnce(int blocks) {
        int[][][] rounds = org.meanfield.engine.BlockRounds.of(blocks);
        int[][] met = new int[blocks][blocks];
        for (int r = 0; r < rounds[0].length; r++) {
            boolean[] busy = new boolean[blocks];
            for (int p = 0; p < rounds[0][r].length; p++) {
                int a = rounds[0][r][p];
                int b = rounds[1][r][p];
                assertTrue(a < b);
                assertTrue(!busy[a] && !busy[b], "a block twice in round " + r);
                busy[a] = true;
                busy[b] = true;
                met[a][b]++;
            }
        }
        for (int a = 0; a < blocks; a++) {
            for (int b = a + 1; b < blocks; b++) {
                assertEquals(1, met[a][b], "blocks " + a + " and " + b);
            }
        }
    }

    @Test
    void labelsNameTheImplementations() {
        int d = 3;
        Particles p = FlowFixtures.onSphere(4, d, 1.0, 1);
        ThreeSpinTarget target = new ThreeSpinTarget(d, 1);
        try (KernelFlowSystem fast = new KernelFlowSystem(target, new GaussianUnit(1), d, p, 1);
                ReferenceKernelFlowSystem reference = new ReferenceKernelFlowSystem(target, new GaussianUnit(1), d, p, 1)) {
            assertEquals("flow-vector", fast.label());
            assertEquals("flow-reference", reference.label());
            assertEquals(16, fast.pairsPerStep());
            assertTrue(fast.flopsPerPair() > 0);
        }
    }
}
