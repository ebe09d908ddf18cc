package org.meanfield.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meanfield.config.Params;
import org.meanfield.config.RunConfig;
import org.meanfield.dynamics.Dynamics;
import org.meanfield.dynamics.DynamicsKind;
import org.meanfield.engine.EngineProvider;
import org.meanfield.engine.KernelChoice;
import org.meanfield.model.UnitKind;
import org.meanfield.run.Simulation;

/**
 * Timing every phase and committing a JFR event per step keep the warm step allocation-free: with a
 * recording of the project's settings running (and without one), 100 steps after a warm-up allocate
 * 0 bytes on the calling thread and the engine's workers.
 *
 * <p>The scalar engine on one thread, so that only the instrumentation is under test: whether the
 * vector kernels box vectors depends on what else ran in this JVM. The engine's
 * ZeroAllocationTest covers both, in a fresh JVM, and its steps are timed by the same probe, since
 * every {@link Stepper} has one. Warm-up runs 100-step windows until one allocates nothing (at most
 * 60).
 *
 * <p>Then three windows are measured and the median must be 0 bytes. An allocation per step or per
 * committed event shows in every window. A one-time JIT event does not. When HotSpot queues a method
 * for C2, it resolves all the string constants of the method's class on the requesting thread, here
 * the training thread: 80 to 200 bytes for engine classes, seen with the uninstrumented stepper too,
 * and 3928 bytes (49 strings) for HdrHistogram's AbstractHistogram, some 2000 steps in. Such an event
 * would make a single-window test flaky.
 */
class InstrumentedAllocationTest {
    private static final int WINDOW = 100;
    private static final int MAX_WARM_UP_WINDOWS = 60;
    private static final int MEASURED_WINDOWS = 3;

    @SuppressWarnings("try") // the recording only has to run around the steps
    @ParameterizedTest(name = "{0} recording={1}")
    @CsvSource({"SCALAR,true", "SCALAR,false"})
    void instrumentedWarmStepsAllocateNothing(KernelChoice kernel, boolean recording, @TempDir Path folder)
            throws IOException {
        RunConfig config = RunConfig.builder().set(Params.DIM, 7).set(Params.PARTICLES, 1000).set(Params.UNIT, UnitKind.RELU).set(Params.ALPHA, 1.0 / 7).set(Params.DYNAMICS, DynamicsKind.SGD).set(Params.BATCH, 64).set(Params.SAMPLE, 64).set(Params.DT, 0.02).set(Params.STEPS, 0L).set(Params.TEMPERATURE, 0.01).set(Params.SEED, 3L).set(Params.TARGET_SEED, 4L).set(Params.SIGMA_C, 0.0).set(Params.THREADS, 1).set(Params.EVAL_EVERY, 1L).set(Params.TEST_SIZE, 64).set(Params.KERNEL, kernel).resolve();
        try (JfrProfile profile = recording ? JfrProfile.start(folder.resolve("allocation.jfr")) : null;
                Simulation sim = new Simulation(config, EngineProvider.detect())) {
            Dynamics stepper = sim.dynamics();
            stepper.probe().describeRun(7, 1000, 64, "relu", sim.kernel());
            Allocations allocations = Allocations.ofComputeThreads();
            assertTrue(allocations.supported(), "this JVM cannot count allocated bytes per thread");
            long step = 0;
            for (int window = 0; window < MAX_WARM_UP_WINDOWS; window++) {
                long mark = allocations.bytes();
                step = steps(stepper, step);
                if (allocations.since(mark) == 0) {
                    break;
                }
            }
            long first = step;
            long[] allocated = new long[MEASURED_WINDOWS];
            for (int w = 0; w < MEASURED_WINDOWS; w++) {
                long mark = allocations.bytes();
                step = steps(stepper, step);
                allocated[w] = allocations.since(mark);
            }
            String measured = Arrays.toString(allocated);
            Arrays.sort(allocated);
            assertEquals(0, allocated[MEASURED_WINDOWS / 2], "median bytes allocated by " + WINDOW
                    + " instrumented steps, windows from step " + first + ": " + measured + " (" + kernel
                    + ", JFR recording " + recording + ")");
            assertEquals(step, stepper.probe().timings().count(Phase.NOISE), "every step timed, noise included");
        }
    }

    /** Runs WINDOW steps from {@code first}; returns the next step number. */
    private static long steps(Dynamics stepper, long first) {
        for (long step = first; step < first + WINDOW; step++) {
            stepper.step(step);
        }
        return first + WINDOW;
    }
}
