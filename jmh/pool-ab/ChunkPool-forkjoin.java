package org.meanfield.engine;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/** End-to-end A/B only (not in the repository's src/): ChunkPool's API, helpers from a ForkJoinPool. */
public final class ChunkPool implements AutoCloseable {
    @FunctionalInterface
    public interface ChunkJob {
        void run(int chunk, int worker);
    }

    private final int threads;
    private final ForkJoinPool fj;
    private final Helper[] helpers;
    private final IdleStrategy callerIdle = new BackoffIdleStrategy(20_000, 10, 1_000, 100_000_000L);
    private final AtomicInteger nextChunk = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean closed;
    private volatile Thread caller;
    private volatile ChunkJob job;
    private volatile int chunkCount;
    private volatile Throwable failure;

    public ChunkPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.helpers = new Helper[threads - 1];
        this.fj = threads > 1 ? new ForkJoinPool(threads - 1, pool -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            ComputeThreads.register(t);
            return t;
        }, null, false) : null;
        for (int w = 1; w < threads; w++) {
            helpers[w - 1] = new Helper(w);
        }
    }

    public int threads() {
        return threads;
    }

    public void run(int chunks, ChunkJob job) {
        if (helpers.length == 0 || chunks == 1) {
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

    private void work(int worker, ChunkJob current, int count) {
        int chunk;
        while ((chunk = nextChunk.getAndIncrement()) < count) {
            current.run(chunk, worker);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (fj != null) {
            fj.shutdownNow();
        }
    }

    @SuppressWarnings("serial")
    private final class Helper extends ForkJoinTask<Void> {
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
