package org.meanfield.jmh;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.meanfield.engine.ChunkPool;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The hand-off of {@link ChunkPool#run}: one call runs a job over a fixed number of chunks on the
 * pool's threads (the caller works as worker 0) and returns when all chunks are done. Three pools
 * behind one interface ({@code pool} parameter):
 *
 * <ul>
 *   <li>{@code agrona}: the engine's {@link ChunkPool}, whose waiting threads go through an Agrona
 *       {@code BackoffIdleStrategy(20000 spins, 10 yields, 1 us .. 100 ms parks)};
 *   <li>{@code oldSpinPark}: {@link OldSpinParkChunkPool}, a copy of the pool before that change
 *       (20 000 {@code Thread.onSpinWait()}, then {@code LockSupport.park} until unparked), kept only
 *       for this A/B;
 *   <li>{@code forkJoin}: {@link ForkJoinChunkPool}, the same chunk sharing with the helpers supplied
 *       by a {@link ForkJoinPool}: {@code threads - 1} long-lived {@link ForkJoinTask}s handed over
 *       by {@link ForkJoinPool#execute(ForkJoinTask)} on every call, completion counted on an atomic
 *       counter, the caller waiting through the same idle strategy as {@code agrona}.
 * </ul>
 *
 * <p>Jobs: {@code empty} (a chunk does nothing: the pure hand-off latency) and {@code work} (a chunk is
 * a dependent chain of {@value #WORK_ROUNDS} fused multiply-adds, about 2 us on the 2-core Zen 3 dev
 * machine, result written to the chunk's slot). {@code threads = 1} runs every chunk on the caller
 * in every pool (the job's own cost); {@code threads = 2} uses one helper thread.
 *
 * <p>Score: nanoseconds per call. Run with {@code -prof gc} for {@code gc.alloc.rate.norm}, the heap
 * bytes allocated per call: JMH 1.37 sums the allocation counters of every thread of the fork
 * ({@code getTotalThreadAllocatedBytes} where the JDK has it, else each live thread's counter), so
 * the pools' helper threads count too, and so does JMH's own background work (a few bytes per call
 * when a call takes microseconds, tens of bytes when it takes milliseconds).
 *
 * <p>{@link #afterGap} times a call that follows 0.5 to 0.8 ms (measured, busy dev machine) of the caller's own serial work
 * ({@link Blackhole#consumeCPU}), long enough for idle helpers to leave their spin phase and park,
 * so it times the wake-up path; {@link #gapOnly} times the gap alone, to subtract.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector",
        "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-opens", "java.base/java.util.zip=ALL-UNNAMED"})
@Threads(1)
public class ChunkPoolBenchmark {
    /** Fused multiply-adds per chunk of the {@code work} job. */
    static final int WORK_ROUNDS = 1500;
    /** Blackhole tokens of the serial gap in {@link #afterGap} (0.5 to 0.8 ms measured on the dev machine). */
    static final long GAP_TOKENS = 250_000;

    /** agrona (the current ChunkPool), oldSpinPark, forkJoin. */
    @Param({"agrona", "oldSpinPark", "forkJoin"})
    public String pool;

    /** empty or work. */
    @Param({"empty", "work"})
    public String job;

    /** Chunks per call. */
    @Param({"2", "8"})
    public int chunks;

    /** Threads of the pool, the caller included. */
    @Param({"1", "2"})
    public int threads;

    /** A pool's {@code run(chunks, job)}. */
    interface Runner extends AutoCloseable {
        void run(int chunks, ChunkPool.ChunkJob job);

        @Override
        void close();
    }

    private Runner runner;
    private ChunkPool.ChunkJob chunkJob;
    private final double[] out = new double[64];
    private double a = 0.999_999;
    private double b = 1e-9;

    @Setup
    public void setUp() {
        switch (pool) {
            case "agrona": {
                ChunkPool p = new ChunkPool(threads);
                runner = new Runner() {
                    @Override
                    public void run(int chunks, ChunkPool.ChunkJob job) {
                        p.run(chunks, job);
                    }

                    @Override
                    public void close() {
                        p.close();
                    }
                };
                break;
            }
            case "oldSpinPark": {
                OldSpinParkChunkPool p = new OldSpinParkChunkPool(threads);
                runner = new Runner() {
                    @Override
                    public void run(int chunks, ChunkPool.ChunkJob job) {
                        p.run(chunks, job);
                    }

                    @Override
                    public void close() {
                        p.close();
                    }
                };
                break;
            }
            case "forkJoin":
                runner = new ForkJoinChunkPool(threads);
                break;
            default:
                throw new IllegalArgumentException("pool " + pool);
        }
        switch (job) {
            case "empty":
                chunkJob = (chunk, worker) -> { };
                break;
            case "work":
                chunkJob = this::workChunk;
                break;
            default:
                throw new IllegalArgumentException("job " + job);
        }
    }

    private void workChunk(int chunk, int worker) {
        double x = chunk + 1;
        double m = a;
        double c = b;
        for (int i = 0; i < WORK_ROUNDS; i++) {
            x = Math.fma(x, m, c);
        }
        out[chunk] = x;
    }

    @TearDown
    public void tearDown() {
        runner.close();
    }

    /** One call, back to back with the previous one (the helpers are still spinning). */
    @Benchmark
    public double run() {
        runner.run(chunks, chunkJob);
        return out[0];
    }

    /** The serial gap (0.5 to 0.8 ms), then one call (the helpers have left their spins). */
    @Benchmark
    public double afterGap() {
        Blackhole.consumeCPU(GAP_TOKENS);
        runner.run(chunks, chunkJob);
        return out[0];
    }

    /** The gap of {@link #afterGap} alone. */
    @Benchmark
    public void gapOnly() {
        Blackhole.consumeCPU(GAP_TOKENS);
    }

    /**
     * The ChunkPool of commit f9546dd, before its waits went through an Agrona idle strategy: waiting
     * threads spin {@value #SPINS} times with {@link Thread#onSpinWait()}, then
     * {@link LockSupport#park(Object)} until unparked. Kept only for the A/B of this benchmark; the
     * only change from that code is the name and the dropped {@code workerThreads()} accessor.
     */
    static final class OldSpinParkChunkPool implements AutoCloseable {
        private static final int SPINS = 20_000;

        private final int threads;
        private final Thread[] workers;
        private final AtomicInteger nextChunk = new AtomicInteger();
        private final AtomicInteger running = new AtomicInteger();
        private volatile int generation;
        private volatile boolean closed;
        private volatile Thread caller;
        private volatile ChunkPool.ChunkJob job;
        private volatile int chunkCount;
        private volatile Throwable failure;

        OldSpinParkChunkPool(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
            this.threads = threads;
            this.workers = new Thread[threads - 1];
            for (int w = 1; w < threads; w++) {
                final int index = w;
                Thread thread = new Thread(() -> serve(index), "meanfield-worker-" + w);
                thread.setDaemon(true);
                workers[w - 1] = thread;
                thread.start();
            }
        }

        int threads() {
            return threads;
        }

        void run(int chunks, ChunkPool.ChunkJob job) {
            if (workers.length == 0 || chunks == 1) {
                for (int chunk = 0; chunk < chunks; chunk++) {
                    job.run(chunk, 0);
                }
                return;
            }
            if (closed) {
                throw new IllegalStateException("the pool is closed");
            }
            this.job = job;
            this.chunkCount = chunks;
            this.caller = Thread.currentThread();
            this.failure = null;
            nextChunk.set(0);
            running.set(workers.length);
            generation++;
            for (Thread worker : workers) {
                LockSupport.unpark(worker);
            }
            try {
                work(0, job, chunks);
            } finally {
                for (int spin = 0; running.get() > 0; spin++) {
                    if (spin < SPINS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                this.job = null;
            }
            Throwable thrown = failure;
            if (thrown != null) {
                throw new IllegalStateException("a worker failed: " + thrown, thrown);
            }
        }

        private void work(int worker, ChunkPool.ChunkJob current, int count) {
            int chunk;
            while ((chunk = nextChunk.getAndIncrement()) < count) {
                current.run(chunk, worker);
            }
        }

        private void serve(int index) {
            int seen = 0;
            while (true) {
                for (int spin = 0; generation == seen && !closed; spin++) {
                    if (spin < SPINS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                if (closed) {
                    return;
                }
                seen = generation;
                try {
                    work(index, job, chunkCount);
                } catch (Throwable t) {
                    failure = t;
                    nextChunk.set(Integer.MAX_VALUE / 2);
                } finally {
                    if (running.decrementAndGet() == 0) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        }

        @Override
        public void close() {
            closed = true;
            for (Thread worker : workers) {
                LockSupport.unpark(worker);
            }
        }
    }

    /**
     * The chunk sharing of {@link ChunkPool} with the helper threads supplied by a
     * {@link ForkJoinPool} of {@code threads - 1} workers. Each call hands the same
     * {@code threads - 1} long-lived {@link Helper} tasks to the pool with
     * {@link ForkJoinPool#execute(ForkJoinTask)} (a {@code ForkJoinTask} is queued as it is; a
     * {@code Runnable} would be wrapped in a new adapter on every call). A helper's {@code exec()}
     * takes chunks, counts itself done on an atomic counter (unparking the caller when it is the last)
     * and returns {@code false}: the pool then never marks the task completed, so the task can be
     * executed again on the next call without {@code reinitialize()}, and no join (whose blocking
     * wait allocates a node) is ever used. The caller works as worker 0 and waits for the counter
     * through the same Agrona idle strategy as {@link ChunkPool}.
     */
    static final class ForkJoinChunkPool implements Runner {
        private final ForkJoinPool fj;
        private final Helper[] helpers;
        private final IdleStrategy callerIdle = new BackoffIdleStrategy(20_000, 10, 1_000, 100_000_000L);
        private final AtomicInteger nextChunk = new AtomicInteger();
        private final AtomicInteger running = new AtomicInteger();
        private volatile Thread caller;
        private volatile ChunkPool.ChunkJob job;
        private volatile int chunkCount;
        private volatile Throwable failure;

        ForkJoinChunkPool(int threads) {
            this.helpers = new Helper[threads - 1];
            this.fj = threads > 1 ? new ForkJoinPool(threads - 1) : null;
            for (int w = 1; w < threads; w++) {
                helpers[w - 1] = new Helper(w);
            }
        }

        @Override
        public void run(int chunks, ChunkPool.ChunkJob job) {
            if (helpers.length == 0 || chunks == 1) {
                for (int chunk = 0; chunk < chunks; chunk++) {
                    job.run(chunk, 0);
                }
                return;
            }
            this.job = job;
            this.chunkCount = chunks;
            this.caller = Thread.currentThread();
            this.failure = null;
            nextChunk.set(0);
            running.set(helpers.length);
            for (Helper helper : helpers) {
                fj.execute(helper);
            }
            try {
                work(0, job, chunks);
            } finally {
                callerIdle.reset();
                while (running.get() > 0) {
                    callerIdle.idle();
                }
                this.job = null;
            }
            Throwable thrown = failure;
            if (thrown != null) {
                throw new IllegalStateException("a worker failed: " + thrown, thrown);
            }
        }

        private void work(int worker, ChunkPool.ChunkJob current, int count) {
            int chunk;
            while ((chunk = nextChunk.getAndIncrement()) < count) {
                current.run(chunk, worker);
            }
        }

        @Override
        public void close() {
            if (fj != null) {
                fj.shutdownNow();
            }
        }

        /** A long-lived helper task, re-executed on every call; never completes in the pool's eyes. */
        @SuppressWarnings("serial")
        final class Helper extends ForkJoinTask<Void> {
            private final int index;

            Helper(int index) {
                this.index = index;
            }

            @Override
            public Void getRawResult() {
                return null;
            }

            @Override
            protected void setRawResult(Void value) {
            }

            @Override
            protected boolean exec() {
                try {
                    work(index, job, chunkCount);
                } catch (Throwable t) {
                    failure = t;
                    nextChunk.set(Integer.MAX_VALUE / 2);
                } finally {
                    if (running.decrementAndGet() == 0) {
                        LockSupport.unpark(caller);
                    }
                }
                return false;
            }
        }
    }
}
