package org.meanfield.exact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.meanfield.model.GaussianUnit;
import org.meanfield.model.Particles;
import org.meanfield.model.Rng;
import org.meanfield.model.ThreeSpinTarget;

/**
 * The fast exact system against the reference (losses and forces), its determinism across thread
 * counts (bitwise, over steps with Langevin noise), and the round-robin schedule behind it. A timeout
 * turns a stuck worker pool into a failure instead of a hung build.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ExactGaussianSystemTest {
    /** Particles of gaussian units with centres spread in and out of the sphere and c ~ N(0, sigma^2). */
    static Particles particles(int n, int d, double sigma, long seed) {
        Rng rng = new Rng(seed);
        Particles particles = Particles.initialise(new GaussianUnit(1), n, d, sigma, rng);
        double[] z = particles.z();
        for (int i = 0; i < n; i++) {
            double stretch = 0.3 + 1.2 * rng.nextDouble();
            for (int k = 0; k < d; k++) {
                z[k * n + i] *= stretch;
            }
        }
        return particles;
    }

    @ParameterizedTest(name = "d = {0}, alpha = {1}, n = {2}")
    @CsvSource({"3, 0.5, 37", "10, 0.1, 100", "10, 1.0, 150", "25, 0.04, 64", "25, 1.0, 129", "64, 2.0, 70", "64, 0.25, 130",
            "64, 0.015625, 65", "1, 1.0, 10", "2, 0.7, 200"})
    void agreesWithTheReference(int d, double alpha, int n) {
        ThreeSpinTarget target = new ThreeSpinTarget(d, 60 + d);
        GaussianUnit unit = new GaussianUnit(alpha);
        Particles particles = particles(n, d, 5.0, 70 + n);
        double[] refC = new double[n];
        double[] refZ = new double[n * d];
        double[] fastC = new double[n];
        double[] fastZ = new double[n * d];
        double refLoss;
        double fastLoss;
        try (ReferenceExactSystem reference = new ReferenceExactSystem(target, unit, d, particles, 2);
                ExactGaussianSystem fast = new ExactGaussianSystem(target, unit, d, particles, 2)) {
            refLoss = reference.forces(refC, refZ);
            fastLoss = fast.forces(fastC, fastZ);
            assertEquals(fastLoss, fast.loss(), 0, "loss() and forces() disagree");
        }
        // The particle terms l - C_f = -(1/n) sum F + (1/2n^2) sum K are what the engine computes.
        double lossScale = Math.max(Math.abs(refLoss - target.cf()), 1e-300);
        double forceScale = 0;
        for (double f : refC) {
            forceScale = Math.max(forceScale, Math.abs(f));
        }
        for (double f : refZ) {
            forceScale = Math.max(forceScale, Math.abs(f));
        }
        double worstForce = 0;
        for (int i = 0; i < n; i++) {
            worstForce = Math.max(worstForce, Math.abs(fastC[i] - refC[i]));
        }
        for (int k = 0; k < n * d; k++) {
            worstForce = Math.max(worstForce, Math.abs(fastZ[k] - refZ[k]));
        }
        System.out.println(String.format(Locale.ROOT,
                "exact fast vs reference d = %d alpha = %s n = %d: l - C_f %.6g, |dl|/|l - C_f| %.2g, max |dforce|/max|force| %.2g",
                d, alpha, n, refLoss - target.cf(), Math.abs(fastLoss - refLoss) / lossScale, worstForce / forceScale));
        assertEquals(refLoss, fastLoss, 1e-12 * lossScale + 1e-15 * target.cf());
        assertTrue(worstForce <= 1e-11 * forceScale, "forces differ by " + worstForce + " of " + forceScale);
    }

    /**
     * Near the optimum the one-body and pair terms nearly cancel (l much smaller than C_f): with the
     * centres fixed, the loss is quadratic in c, minimised by c = n (Ktilde + ridge)^{-1} P with
     * P_i = E[f phi_i] and Ktilde_ij = E[phi_i phi_j] from the reference closed forms. There the fast
     * system agrees with the reference: the loss to 1e-11 of itself, the forces to 1e-9 of their
     * largest component.
     */
    @Test
    void agreesWithTheReferenceNearTheOptimum() {
        int n = 96;
        int d = 5;
        double alpha = 1.0;
        ThreeSpinTarget target = new ThreeSpinTarget(d, 21);
        GaussianUnit unit = new GaussianUnit(alpha);
        Particles particles = particles(n, d, 0.0, 4);
        GaussianClosedForms forms = new GaussianClosedForms(target, alpha);
        double[][] zs = new double[n][d];
        for (int i = 0; i < n; i++) {
            particles.getZ(i, zs[i]);
        }
        double[][] kernel = new double[n][n + 1];
        double trace = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                kernel[i][j] = forms.pairGradient(zs[i], 1, zs[j], null);
            }
            kernel[i][n] = n * forms.oneBodyGradient(zs[i], null);
            trace += kernel[i][i];
        }
        for (int i = 0; i < n; i++) {
            kernel[i][i] += 1e-10 * trace / n;
        }
        solve(kernel, particles.c());
        double[] refC = new double[n];
        double[] refZ = new double[n * d];
        double[] fastC = new double[n];
        double[] fastZ = new double[n * d];
        double refLoss;
        double fastLoss;
        try (ReferenceExactSystem reference = new ReferenceExactSystem(target, unit, d, particles, 2);
                ExactGaussianSystem fast = new ExactGaussianSystem(target, unit, d, particles, 2)) {
            refLoss = reference.forces(refC, refZ);
            fastLoss = fast.forces(fastC, fastZ);
        }
        double forceScale = 0;
        double worst = 0;
        for (int k = 0; k < n * d; k++) {
            forceScale = Math.max(forceScale, Math.abs(refZ[k]));
            worst = Math.max(worst, Math.abs(fastZ[k] - refZ[k]));
        }
        for (int i = 0; i < n; i++) {
            forceScale = Math.max(forceScale, Math.abs(refC[i]));
            worst = Math.max(worst, Math.abs(fastC[i] - refC[i]));
        }
        System.out.println(String.format(Locale.ROOT, "exact near the optimum: loss %.6g (C_f %.4g), |dl|/l %.2g, max |dforce|/max|force| %.2g",
                refLoss, target.cf(), Math.abs(fastLoss - refLoss) / refLoss, worst / forceScale));
        assertTrue(refLoss < 0.5 * target.cf(), "the optimum should be well below C_f: " + refLoss);
        assertEquals(refLoss, fastLoss, 1e-11 * refLoss);
        assertTrue(worst <= 1e-9 * forceScale, "forces differ by " + worst + " of " + forceScale);
    }

    /** Gaussian elimination with partial pivoting on the augmented matrix [A | b]; x = A^{-1} b. */
    private static void solve(double[][] augmented, double[] x) {
        int n = augmented.length;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(augmented[r][col]) > Math.abs(augmented[pivot][col])) {
                    pivot = r;
                }
            }
            double[] swap = augmented[col];
            augmented[col] = augmented[pivot];
            augmented[pivot] = swap;
            for (int r = col + 1; r < n; r++) {
                double factor = augmented[r][col] / augmented[col][col];
                for (int k = col; k <= n; k++) {
                    augmented[r][k] -= factor * augmented[col][k];
                }
            }
        }
        for (int r = n - 1; r >= 0; r--) {
            double sum = augmented[r][n];
            for (int k = r + 1; k < n; k++) {
                sum -= augmented[r][k] * x[k];
            }
            x[r] = sum / augmented[r][r];
        }
    }

    /** 1, 2 and 3 threads give the same bits: losses, particles after Euler steps with noise. */
    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {300, 450})
    void bitwiseIndependentOfThreads(int n) {
        int d = 6;
        ThreeSpinTarget target = new ThreeSpinTarget(d, 5);
        GaussianUnit unit = new GaussianUnit(0.5);
        Particles initial = particles(n, d, 1.0, 3);
        double[][] losses = new double[3][];
        Particles[] finals = new Particles[3];
        for (int threads = 1; threads <= 3; threads++) {
            try (ExactGaussianSystem system = new ExactGaussianSystem(target, unit, d, initial, threads)) {
                double[] loss = new double[6];
                for (int step = 0; step < 5; step++) {
                    loss[step] = system.step(0.05);
                    system.addNoise(0.01, 99, step);
                }
                loss[5] = system.loss();
                losses[threads - 1] = loss;
                finals[threads - 1] = new Particles(n, d);
                system.read(finals[threads - 1]);
            }
        }
        for (int t = 1; t < 3; t++) {
            assertArrayEquals(losses[0], losses[t], "losses with " + (t + 1) + " threads");
            assertArrayEquals(finals[0].c(), finals[t].c(), "c with " + (t + 1) + " threads");
            assertArrayEquals(finals[0].z(), finals[t].z(), "z with " + (t + 1) + " threads");
        }
        assertTrue(losses[0][5] < losses[0][0], "the loss should go down: " + losses[0][0] + " -> " + losses[0][5]);
    }

    /** A step moves the particles by dt times the forces, like the reference, and noise is the reference's. */
    @Test
    void stepAndNoiseMatchTheReference() {
        int n = 90;
        int d = 5;
        ThreeSpinTarget target = new ThreeSpinTarget(d, 12);
        GaussianUnit unit = new GaussianUnit(0.4);
        Particles initial = particles(n, d, 1.0, 8);
        Particles fastAfter = new Particles(n, d);
        Particles refAfter = new Particles(n, d);
        try (ReferenceExactSystem reference = new ReferenceExactSystem(target, unit, d, initial, 1);
                ExactGaussianSystem fast = new ExactGaussianSystem(target, unit, d, initial, 1)) {
            double refLoss = reference.step(0.1);
            double fastLoss = fast.step(0.1);
            assertEquals(refLoss, fastLoss, 1e-12 * target.cf());
            reference.addNoise(0.05, 4, 17);
            fast.addNoise(0.05, 4, 17);
            reference.read(refAfter);
            fast.read(fastAfter);
        }
        assertArrayEquals(refAfter.c(), fastAfter.c(), 1e-12);
        assertArrayEquals(refAfter.z(), fastAfter.z(), 1e-12);
    }

    /** Every pair of distinct blocks meets exactly once, and no block twice in a round. */
    @ParameterizedTest(name = "blocks = {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 16, 17})
    void roundRobinCoversEveryPairOnce(int blocks) {
        int[][][] rounds = org.meanfield.engine.BlockRounds.of(blocks);
        Set<Long> seen = new HashSet<>();
        for (int r = 0; r < rounds[0].length; r++) {
            Set<Integer> busy = new HashSet<>();
            for (int p = 0; p < rounds[0][r].length; p++) {
                int a = rounds[0][r][p];
                int b = rounds[1][r][p];
                assertTrue(a < b && b < blocks, "pair " + a + ", " + b);
                assertTrue(busy.add(a) && busy.add(b), "a block twice in round " + r);
                assertTrue(seen.add((long) a * blocks + b), "pair " + a + ", " + b + " twice");
            }
        }
        assertEquals(blocks * (blocks - 1) / 2, seen.size());
    }
}
