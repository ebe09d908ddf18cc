package org.meanfield.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.meanfield.engine.ComputeThreads;
import org.meanfield.model.GaussianUnit;
import org.meanfield.model.Particles;
import org.meanfield.model.ThreeSpinTarget;

/**
 * Once warm, a step of {@link KernelFlowSystem} (step, noise, energy) allocates nothing: bytes counted
 * by com.sun.management.ThreadMXBean over the calling thread and every worker of the system's pool,
 * minus what one reading of the counters costs (as {@code exact.ExactAllocationTest} does).
 *
 * <p>Warm-up: Vector API code boxes every vector until C2 has compiled it, so steps run in windows
 * until one allocates nothing (at most {@value #MAX_WARM_UP_WINDOWS}); a steady allocation never
 * reaches 0, so this does not weaken the assertion on the window measured after it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FlowAllocationTest {
    private static final int WINDOW = 20;
    private static final int MAX_WARM_UP_WINDOWS = 150;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @ParameterizedTest(name = "threads = {0}")
    @ValueSource(ints = {1, 2})
    void warmStepsAllocateNothing(int threads) {
        assertTrue(THREADS.isThreadAllocatedMemorySupported(), "this JVM cannot count allocated bytes");
        THREADS.setThreadAllocatedMemoryEnabled(true);
        int d = 5;
        int n = 200;
        ThreeSpinTarget target = new ThreeSpinTarget(d, 2);
        Particles initial = FlowFixtures.onSphere(n, d, 1.0, 5);
        try (KernelFlowSystem system = new KernelFlowSystem(target, new GaussianUnit(1), d, initial, threads)) {
            long step = 0;
            for (int window = 0; window < MAX_WARM_UP_WINDOWS; window++) {
                step = run(system, step);
                if (allocated(system, step) == 0) {
                    break;
                }
                step += WINDOW;
            }
            long bytes = allocated(system, step);
            System.out.println("FlowAllocationTest threads = " + threads + ": " + bytes + " bytes over " + WINDOW
                    + " warm steps with noise (from step " + step + ")");
            assertEquals(0, bytes);
        }
    }

    private static long run(KernelFlowSystem system, long first) {
        for (long s = first; s < first + WINDOW; s++) {
            system.step(1e-3);
            system.addNoise(1e-4, 7, s);
            system.energy();
        }
        return first + WINDOW;
    }

    /** Bytes allocated by the caller and the compute threads during one window of steps. */
    private static long allocated(KernelFlowSystem system, long first) {
        List<Thread> workers = ComputeThreads.live();
        long[] ids = new long[workers.size() + 1];
        for (int w = 0; w < workers.size(); w++) {
            ids[w] = workers.get(w).getId();
        }
        ids[workers.size()] = Thread.currentThread().getId();
        long empty = total(ids);
        long readCost = total(ids) - empty;
        long before = total(ids);
        run(system, first);
        long after = total(ids);
        return after - before - readCost;
    }

    private static long total(long[] ids) {
        long sum = 0;
        for (long bytes : THREADS.getThreadAllocatedBytes(ids)) {
            sum += Math.max(0, bytes);
        }
        return sum;
    }
}
