package org.meanfield.engine;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a job over a fixed number of chunks on a fixed set of threads without allocating.
 *
 * <p>Chunks are the unit of determinism: their number and bounds depend on the problem size only,
 * each chunk writes its own results, and callers combine them in chunk order. Which thread computes
 * which chunk (taken from a shared counter, so fast threads take more) changes nothing but the time.
 *
 * <p>The calling thread works too, as worker 0, beside {@code threads - 1} daemon threads that live as
 * long as the pool and wait for the next call parked. This is a ForkJoin pool's work sharing without
 * its joins: a ForkJoin join that has to block allocates a wait node on every call (measured: about
 * 24 bytes per call on JDK 17 and 25), and reusing a task object races with the pool marking it done.
 */
public final class ChunkPool implements AutoCloseable {
    /** Work for one chunk; {@code worker} indexes per-thread scratch space, in [0, threads). */
    @FunctionalInterface
    public interface ChunkJob {
        void run(int chunk, int worker);
    }

    /** Spins before parking: a step's parallel sections are often shorter than a park/unpark. */
    private static final int SPINS = 20_000;

    private final int threads;
    private final Thread[] workers;
    private final AtomicInteger nextChunk = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private volatile int generation;
    private volatile boolean closed;
    private volatile Thread caller;
    private volatile ChunkJob job;
    private volatile int chunkCount;
    private volatile Throwable failure;

    /** A pool of {@code threads} workers, the caller included (1 runs every chunk on the caller). */
    public ChunkPool(int threads) {
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
            ComputeThreads.register(thread);
            thread.start();
        }
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code job} once for every chunk in [0, chunks) and returns when all are done. */
    public void run(int chunks, ChunkJob job) {
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

    private void work(int worker, ChunkJob current, int count) {
        int chunk;
        while ((chunk = nextChunk.getAndIncrement()) < count) {
            current.run(chunk, worker);
        }
    }

    /** A worker's life: wait for a new generation, take chunks until none is left, report, repeat. */
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

    /** The pool's worker threads (for allocation accounting). */
    public List<Thread> workerThreads() {
        return List.of(workers);
    }

    @Override
    public void close() {
        closed = true;
        for (Thread worker : workers) {
            ComputeThreads.unregister(worker);
            LockSupport.unpark(worker);
        }
    }
}
