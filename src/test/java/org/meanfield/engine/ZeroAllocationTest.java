package org.meanfield.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meanfield.dynamics.FreshSampler;
import org.meanfield.dynamics.Stepper;
import org.meanfield.model.Particles;
import org.meanfield.model.ThreeSpinTarget;
import org.meanfield.model.Unit;
import org.meanfield.model.UnitKind;

/**
 * Once warm, an SGD step allocates nothing: not on the calling thread (sampling, target, f_n,
 * residual, noise) and not on the engine's ForkJoin workers. Measured with the per-thread allocation
 * counters of com.sun.management.ThreadMXBean, summed over the caller and every worker the pool has
 * started, over 100 steps (d = 7, n = 1000 over 4 chunks, P = 64), with and without Langevin noise.
 *
 * <p>Each measurement runs in a fresh child JVM: the kernels are shared by all units, and what other
 * tests ran in this JVM changes how C2 compiles them (after a gaussian engine has run, a ReLU engine
 * boxes vectors: about 1.8 MB a step), which is not what is being tested here.
 *
 * <p>The criterion: after 200 steps of warm-up, consecutive 100-step windows are measured until one
 * allocates exactly 0 bytes; the test fails if none does among at least 40 windows and at least
 * 60 seconds of them (all counts are printed). Two things need more than one window. C1-compiled
 * Vector API code boxes every vector (about 200 KB a step here) and C2 is triggered by invocation
 * counts (the target kernel runs twice a step at P = 64, C2 wants hundreds to thousands of calls,
 * and more while the compile queue is long): the vector engine needs about 1500 steps on a quiet
 * machine, and took 35 windows (3,700 steps) on the 2-core machine at a load of 9, hence the time
 * budget on top of the window count. And a late deoptimisation
 * re-materialises scalar-replaced objects on the heap once (seen: 136 bytes in one window of the
 * scalar engine). An allocation in every step, or in every call of something, never gives a zero
 * window, so this does not weaken the assertion.
 */
class ZeroAllocationTest {
    private static final int D = 7;
    private static final int N = 1000;
    private static final int P = 64;
    private static final int WINDOW = 100;
    private static final int WARM_UP = 200;
    private static final int MAX_WINDOWS = 40;
    /** Windows go on for at least this long before the test gives up on a zero one. */
    private static final int MIN_SECONDS = 60;

    private static Map<String, String> oneThreadResults;

    /** One thread: the pool runs every chunk on the caller, so the caller's counter sees everything. */
    @ParameterizedTest(name = "{0} {1} temperature={2} threads={3}")
    @CsvSource({"VECTOR,RELU,0,1", "VECTOR,RELU,0.01,1", "SCALAR,RELU,0,1", "SCALAR,RELU,0.01,1",
            "SCALAR,GAUSSIAN,0,1", "SCALAR,SIGMOID,0.01,1"})
    void warmStepsAllocateNothing(KernelChoice kernel, UnitKind unit, double temperature, int threads)
            throws IOException, InterruptedException {
        if (oneThreadResults == null) {
            oneThreadResults = measureInChildJvm("VECTOR:RELU:0:1", "VECTOR:RELU:0.01:1", "SCALAR:RELU:0:1",
                    "SCALAR:RELU:0.01:1", "SCALAR:GAUSSIAN:0:1", "SCALAR:SIGMOID:0.01:1");
        }
        assertZero(oneThreadResults, key(kernel, unit, temperature, threads));
    }

    /**
     * Two threads: the caller and one pool worker, both counted. This failed while ChunkPool waited
     * with a ForkJoin join, which allocates a 24-byte wait node per blocking call (3,048-4,800 bytes
     * per 100 steps); the pool now waits with a counter and park/unpark.
     */
    @ParameterizedTest(name = "{0} {1} temperature={2} threads={3}")
    @CsvSource({"VECTOR,RELU,0,2", "VECTOR,RELU,0.01,2", "SCALAR,RELU,0,2", "SCALAR,RELU,0.01,2"})
    void warmStepsAllocateNothingOnTwoThreads(KernelChoice kernel, UnitKind unit, double temperature, int threads)
            throws IOException, InterruptedException {
        String key = key(kernel, unit, temperature, threads);
        assertZero(measureInChildJvm(key), key);
    }

    /**
     * Units with an exponential in the vector engine. This failed (13-17 MB a step) while the
     * kernels' exp used {@code convert(F2I)}, not intrinsified on JDK 17, and while exp was small
     * enough to be inlined into the tile loops, whose inlining budget it used up so that the vector
     * operations left out were boxed.
     */
    @ParameterizedTest(name = "{0} {1} temperature={2} threads={3}")
    @CsvSource({"VECTOR,GAUSSIAN,0,1", "VECTOR,SIGMOID,0.01,1"})
    void warmStepsWithExponentialUnitsAllocateNothing(KernelChoice kernel, UnitKind unit, double temperature,
            int threads) throws IOException, InterruptedException {
        String key = key(kernel, unit, temperature, threads);
        assertZero(measureInChildJvm(key), key);
    }

    /**
     * The study's shapes (d = 25): n = 512, P = 102 (P = n/5; short steps, where per-step costs
     * weigh); the headline n = 16384, P = 1024; the quench n = 1024, P = 41943 (P = (n/5)^2, far
     * more points than particles), each unit in its own child JVM, the three shapes in that order, on
     * two threads. At the two large shapes a window is one step (0.1 to 1 s each), enough to see an
     * allocation of every step. These failed on main at 439741a (measured by {@code bench}: sigmoid
     * 774 KB a step at (512, 102) on JDK 17, every unit 0.5 to 2 MB a step at the quench, where the
     * per-chunk loops that run a few times a step stayed uncompiled vector code for dozens of steps).
     * Sigmoid and gaussian units also failed here in some child JVMs (up to 100 MB a step), until
     * {@code VectorKernels.expInPlace} was made small enough that C2 never left a Vector API call in
     * it uncompiled: see its comment.
     */
    @ParameterizedTest(name = "{0} at the study shapes")
    @CsvSource({"RELU", "SIGMOID", "GAUSSIAN"})
    void studyShapesAllocateNothing(UnitKind unit) throws IOException, InterruptedException {
        assertStudyShapesAllocateNothing(unit);
    }

    private static void assertStudyShapesAllocateNothing(UnitKind unit) throws IOException, InterruptedException {
        List<String> keys = new ArrayList<>();
        for (int[] shape : STUDY_SHAPES) {
            keys.add(key(KernelChoice.VECTOR, unit, 0, 2) + ":" + shape[0] + ":" + shape[1] + ":" + shape[2]);
        }
        Map<String, String> results = measureInChildJvm(keys.toArray(new String[0]));
        for (String key : keys) {
            assertZero(results, key);
        }
    }

    /** d, n, P of the study's shapes. */
    private static final int[][] STUDY_SHAPES = {{25, 512, 102}, {25, 16384, 1024}, {25, 1024, 41943}};

    private static String key(KernelChoice kernel, UnitKind unit, double temperature, int threads) {
        return kernel.name() + ":" + unit.name() + ":" + (temperature == 0 ? "0" : Double.toString(temperature)) + ":"
                + threads;
    }

    private static void assertZero(Map<String, String> results, String key) {
        String line = results.get(key);
        assertNotNull(line, "no result for " + key + " in " + results);
        String[] fields = line.split(" ", 3);
        assertEquals(0, Long.parseLong(fields[1]), key + ": bytes allocated by the last of the " + WINDOW
                + "-step windows, none of which allocated nothing (" + fields[2] + ")");
    }

    /** Runs {@link Child} in a fresh JVM; returns its result line per config key. */
    private static Map<String, String> measureInChildJvm(String... keys) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "--add-modules", "jdk.incubator.vector",
                "-Xss4m", "-cp", System.getProperty("java.class.path"), Child.class.getName()));
        command.addAll(List.of(keys));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(300, TimeUnit.SECONDS), output);
        assertEquals(0, child.exitValue(), output);
        System.out.print(output.replaceAll("(?m)^WARNING: Using incubator modules.*\\R", ""));
        Map<String, String> results = new HashMap<>();
        for (String line : output.split("\\R")) {
            if (line.startsWith("ZeroAllocationTest ")) {
                String rest = line.substring("ZeroAllocationTest ".length());
                results.put(rest.substring(0, rest.indexOf(' ')), rest);
            }
        }
        return results;
    }

    /**
     * Measures each config "KERNEL:UNIT:TEMPERATURE:THREADS" and prints
     * "ZeroAllocationTest KEY BYTES details".
     */
    static final class Child {
        private static final com.sun.management.ThreadMXBean THREADS =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        public static void main(String[] args) {
            if (!THREADS.isThreadAllocatedMemorySupported()) {
                throw new IllegalStateException("this JVM cannot count allocated bytes");
            }
            THREADS.setThreadAllocatedMemoryEnabled(true);
            for (String key : args) {
                String[] f = key.split(":");
                List<String> parts = new ArrayList<>();
                int d = f.length > 4 ? Integer.parseInt(f[4]) : D;
                int n = f.length > 4 ? Integer.parseInt(f[5]) : N;
                int batch = f.length > 4 ? Integer.parseInt(f[6]) : P;
                long bytes = measure(KernelChoice.valueOf(f[0]), UnitKind.valueOf(f[1]), Double.parseDouble(f[2]),
                        Integer.parseInt(f[3]), d, n, batch, parts);
                System.out.println("ZeroAllocationTest " + key + " " + bytes + " " + String.join(", ", parts));
            }
        }

        private static long measure(KernelChoice kernel, UnitKind kind, double temperature, int threads, int d,
                int n, int batch, List<String> parts) {
            Unit unit = EngineFixtures.unit(kind, d);
            ThreeSpinTarget target = new ThreeSpinTarget(d, 4);
            Particles initial = EngineFixtures.particles(unit, n, d, 6);
            // Windows of about the work of the default shape's 100 steps, at least one step.
            int window = (int) Math.max(1, Math.min(WINDOW, (long) WINDOW * D * N * P / ((long) d * n * batch)));
            int warmUp = window == 1 ? 2 : WARM_UP;
            boolean vector = kernel == KernelChoice.VECTOR;
            try (Engine engine = vector ? new VectorEngine(unit, d, initial, threads)
                    : new ScalarEngine(unit, d, initial, threads)) {
                Stepper stepper = new Stepper(engine, new FreshSampler(target, engine.targetEvaluator(target), batch, 8),
                        0.02, temperature, 10);
                for (long step = 0; step < warmUp; step++) {
                    stepper.step(step);
                }
                long step = warmUp;
                long bytes = -1;
                List<Long> windows = new ArrayList<>();
                List<String> last = new ArrayList<>();
                long deadline = System.nanoTime() + MIN_SECONDS * 1_000_000_000L;
                while (bytes != 0 && (windows.size() < MAX_WINDOWS || System.nanoTime() < deadline)) {
                    last.clear();
                    bytes = allocatedDuring(stepper, step, window, last);
                    windows.add(bytes);
                    step += window;
                }
                parts.add(windows.size() + " windows of " + window + " steps from step " + warmUp + ": "
                        + (windows.size() <= 6 ? windows.toString()
                                : windows.subList(0, 3) + " ... " + windows.subList(windows.size() - 3, windows.size())));
                parts.addAll(last);
                if (threads > 1 && ComputeThreads.live().isEmpty()) {
                    throw new IllegalStateException("the pool should have started workers");
                }
                return bytes;
            }
        }

        /** Bytes allocated by WINDOW steps, summed over the calling thread and the compute threads. */
        private static long allocatedDuring(Stepper stepper, long firstStep, int window, List<String> parts) {
            // Reading another thread's counter allocates on this thread, so those reads stay outside
            // the window opened and closed by the calling thread's own (allocation-free) counter.
            List<Thread> workers = ComputeThreads.live();
            long[] before = new long[workers.size()];
            for (int w = 0; w < before.length; w++) {
                before[w] = THREADS.getThreadAllocatedBytes(workers.get(w).getId());
            }
            long selfBefore = THREADS.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            for (long step = firstStep; step < firstStep + window; step++) {
                stepper.step(step);
            }
            long total = THREADS.getCurrentThreadAllocatedBytes() - selfBefore;
            long elapsed = System.nanoTime() - start;
            if (parts != null) {
                parts.add("caller " + total);
            }
            for (Thread thread : ComputeThreads.live()) {
                int w = workers.indexOf(thread);
                long delta = THREADS.getThreadAllocatedBytes(thread.getId()) - (w >= 0 ? before[w] : 0);
                total += delta;
                if (parts != null) {
                    parts.add("worker " + thread.getId() + " " + delta);
                }
            }
            if (parts != null) {
                parts.add(String.format(Locale.ROOT, "%.2f ms/step (information only)", elapsed / 1e6 / window));
            }
            return total;
        }
    }
}
