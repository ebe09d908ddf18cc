package org.meanfield.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meanfield.dynamics.FreshSampler;
import org.meanfield.dynamics.Stepper;
import org.meanfield.model.Particles;
import org.meanfield.model.ThreeSpinTarget;
import org.meanfield.model.Unit;
import org.meanfield.model.UnitKind;

/**
 * A run does not depend on the thread count: chunks are fixed by n, each chunk writes its own
 * partial sums and they are combined in chunk order, noise streams are named by chunk. So several
 * SGD steps on 1, 2 and 3 threads give bitwise identical particles and batch losses. n spans several
 * chunks of 256 and is not a multiple of them; P = 137 spans two point blocks and leaves a remainder
 * after the register tiles.
 *
 * <p>Bitwise equality also needs every JIT tier to compute the same bits: the JDK's
 * VectorOperators.EXP does not (C2's intrinsic and the interpreter/C1 fallback, StrictMath.exp per
 * lane, differ in the last bit for about 4 % of inputs on JDK 17 and 25), so the kernels use their own
 * exponential made of IEEE operations. {@link #exponentialUnitsGiveTheSameBitsInterpretedAndCompiled}
 * guards that.
 */
class ThreadIndependenceTest {
    private static final int D = 7;
    /** Two point blocks of the vector engine (128 and 9), and a remainder after the dot tiles. */
    private static final int P = 137;
    private static final int STEPS = 8;

    @ParameterizedTest(name = "{0} {1} n={2} temperature={3}")
    @CsvSource({"VECTOR,RELU,1000,0", "VECTOR,RELU,700,0.01", "VECTOR,GAUSSIAN,700,0.01", "VECTOR,SIGMOID,1000,0",
            "SCALAR,RELU,1000,0", "SCALAR,GAUSSIAN,700,0.01", "SCALAR,SIGMOID,1000,0"})
    void particlesAreBitwiseIdenticalForOneTwoAndThreeThreads(KernelChoice kernel, UnitKind kind, int n,
            double temperature) {
        Run one = run(kernel, kind, n, temperature, 1, STEPS);
        for (int threads : new int[] {2, 3}) {
            Run other = run(kernel, kind, n, temperature, threads, STEPS);
            assertArrayEquals(one.losses, other.losses, "batch losses, threads = " + threads);
            assertArrayEquals(one.particles.c(), other.particles.c(), "c, threads = " + threads);
            assertArrayEquals(one.particles.z(), other.particles.z(), "z, threads = " + threads);
        }
        Particles initial = initial(EngineFixtures.unit(kind, D), n);
        assertFalse(Arrays.equals(initial.z(), one.particles.z()), "the particles must have moved");
    }

    /**
     * The interpreter (a child JVM with -Xint, where every vector operation takes the Java fallback)
     * and C2 (this JVM, after a warm-up) compute the same bits for the units that need an exponential.
     */
    @Test
    void exponentialUnitsGiveTheSameBitsInterpretedAndCompiled() throws IOException, InterruptedException {
        List<UnitKind> kinds = List.of(UnitKind.SIGMOID, UnitKind.GAUSSIAN);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xint", "--add-modules", "jdk.incubator.vector"));
        // The width test mode's properties: the child must run the kernels at the width this JVM does.
        for (String property : List.of(VectorSupport.BITS_PROPERTY, VectorSupport.FMA_PROPERTY)) {
            if (System.getProperty(property) != null) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Interpreted.class.getName()));
        kinds.forEach(kind -> command.add(kind.name()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(0, child.exitValue(), output);
        for (UnitKind kind : kinds) {
            for (int warm = 0; warm < 20; warm++) {
                run(KernelChoice.VECTOR, kind, SMALL_N, 0, 1, 100);
            }
            String compiled = fingerprint(kind);
            assertTrue(output.contains(compiled), kind + ": compiled " + compiled + ", interpreted:\n" + output);
        }
    }

    private static final int SMALL_N = 64;

    /** c and z after 3 steps of a small run, as exact hexadecimal doubles. */
    static String fingerprint(UnitKind kind) {
        Run run = run(KernelChoice.VECTOR, kind, SMALL_N, 0, 1, 3);
        return kind + " " + Arrays.hashCode(run.particles.c()) + " " + Arrays.hashCode(run.particles.z()) + " "
                + Double.toHexString(run.particles.z()[SMALL_N - 1]);
    }

    /** Prints the fingerprint of each unit named in {@code args}. */
    static final class Interpreted {
        public static void main(String[] args) {
            for (String kind : args) {
                System.out.println(fingerprint(UnitKind.valueOf(kind)));
            }
        }
    }

    private record Run(double[] losses, Particles particles) {
    }

    private static Particles initial(Unit unit, int n) {
        return EngineFixtures.particles(unit, n, D, 5);
    }

    private static Run run(KernelChoice kernel, UnitKind kind, int n, double temperature, int threads, int steps) {
        Unit unit = EngineFixtures.unit(kind, D);
        ThreeSpinTarget target = new ThreeSpinTarget(D, 3);
        Particles initial = initial(unit, n);
        boolean vector = kernel == KernelChoice.VECTOR;
        try (Engine engine = vector ? new VectorEngine(unit, D, initial, threads) : new ScalarEngine(unit, D, initial, threads)) {
            Stepper stepper = new Stepper(engine, new FreshSampler(target, engine.targetEvaluator(target), P, 9), 0.05,
                    temperature, 17);
            double[] losses = new double[steps];
            for (int step = 0; step < steps; step++) {
                losses[step] = stepper.step(step);
            }
            Particles out = new Particles(n, unit.zDim(D));
            engine.read(out);
            return new Run(losses, out);
        }
    }
}
