package org.meanfield.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.meanfield.observe.Allocations;

/** bench's warm-up goes on while a step allocates (as Vector API code does until C2 compiles it). */
class BenchmarkWarmUpTest {
    /** Keeps the fake steps' allocations from being optimised away. */
    private static volatile byte[] sink;

    /** A step of about a millisecond that allocates 64 KB while its number is below {@code allocating}. */
    private static void fakeStep(long step, long allocating) {
        if (step < allocating) {
            sink = new byte[64 * 1024];
        }
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void goesOnWhileTheStepAllocates() {
        Allocations allocations = Allocations.ofComputeThreads();
        assertTrue(allocations.supported(), "this JVM counts allocated bytes per thread");
        // 0.05 s asked for; the first 400 steps (at least 0.4 s) allocate.
        long steps = Benchmark.warmUp(step -> fakeStep(step, 400), allocations, 0.05);
        assertTrue(steps > 400, "warmed for " + steps + " steps, the first 400 allocating");
    }

    @Test
    void stopsAfterOneQuietWindowWhenTheStepDoesNotAllocate() {
        // 0.05 s and one 0.25 s window of steps of at least 1 ms: at most about 300 steps.
        long steps = Benchmark.warmUp(step -> fakeStep(step, 0), Allocations.ofComputeThreads(), 0.05);
        assertTrue(steps < 400, "warmed for " + steps + " steps, none allocating");
    }
}
