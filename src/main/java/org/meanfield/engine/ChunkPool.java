package org.meanfield.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a job over a fixed number of chunks on a private ForkJoin pool without allocating.
 *
 * <p>Chunks are the unit of determinism: their number and bounds depend on the problem size only,
 * each chunk writes its own results, and callers combine them in chunk order. Which worker computes
 * which chunk (taken from a shared counter) changes nothing but the time. The worker tasks are made
 * once and {@linkplain ForkJoinTask#reinitialize() reinitialised} for every call.
 */
public final class ChunkPool implements AutoCloseable {
    /** Work for one chunk; {@code worker} indexes per-thread scratch space, in [0, threads). */
    @FunctionalInterface
    public interface ChunkJob {
        void run(int chunk, int worker);
    }

    private final int threads;
    private final ForkJoinPool pool;
    private final List<Thread> workerThreads = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger nextChunk = new AtomicInteger();
    private final Worker[] workers;
    private final RecursiveAction root;
    private ChunkJob job;
    private int chunkCount;

    /** A pool of {@code threads} workers (1 runs every chunk on the calling thread). */
    public ChunkPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Worker[threads];
        for (int w = 0; w < threads; w++) {
            workers[w] = new Worker(w);
        }
        this.root = new RecursiveAction() {
            @Override
            protected void compute() {
                for (Worker worker : workers) {
                    worker.reinitialize();
                }
                ForkJoinTask.invokeAll(workers);
            }
        };
        this.pool = threads == 1 ? null : new ForkJoinPool(threads, p -> {
            ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            thread.setName("meanfield-worker-" + thread.getPoolIndex());
            thread.setDaemon(true);
            workerThreads.add(thread);
            return thread;
        }, null, false);
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code job} once for every chunk in [0, chunks) and returns when all are done. */
    public void run(int chunks, ChunkJob job) {
        if (pool == null || chunks == 1) {
            for (int chunk = 0; chunk < chunks; chunk++) {
                job.run(chunk, 0);
            }
            return;
        }
        this.job = job;
        this.chunkCount = chunks;
        nextChunk.set(0);
        root.reinitialize();
        pool.invoke(root);
        this.job = null;
    }

    /** The pool's worker threads started so far (for allocation accounting). */
    public List<Thread> workerThreads() {
        synchronized (workerThreads) {
            return List.copyOf(workerThreads);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private final class Worker extends RecursiveAction {
        private final int index;

        Worker(int index) {
            this.index = index;
        }

        @Override
        protected void compute() {
            int chunk;
            while ((chunk = nextChunk.getAndIncrement()) < chunkCount) {
                job.run(chunk, index);
            }
        }
    }
}
