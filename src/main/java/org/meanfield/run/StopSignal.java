package org.meanfield.run;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A request to stop a run early and cleanly: the training loop checks {@link #requested()} between
 * steps, writes a checkpoint, flushes metrics.csv and ends with a {@link RunStoppedException}.
 *
 * <p>{@link #onShutdown} binds it to the JVM's shutdown (SIGINT, SIGTERM): the shutdown hook
 * requests the stop and then holds the JVM open until the run has saved its state and reported it,
 * that is until {@link #release()}, or at most a grace period.
 */
public final class StopSignal {
    private volatile boolean requested;
    private final CountDownLatch released = new CountDownLatch(1);

    /**
     * The environment variable through which a parent (a sweep) names itself to its child runs: a
     * child stops, checkpointing, when the process with that pid ends, however it ends.
     */
    public static final String PARENT_ENV = "MEANFIELD_STOP_WITH_PID";

    /**
     * Requests this stop when the process {@code PARENT_ENV} names ends (at once if it is gone
     * already); nothing when the variable is not set.
     */
    public void onParentExit() {
        String pid = System.getenv(PARENT_ENV);
        if (pid == null || pid.isBlank()) {
            return;
        }
        Optional<ProcessHandle> parent;
        try {
            parent = ProcessHandle.of(Long.parseLong(pid.strip()));
        } catch (NumberFormatException e) {
            return;
        }
        if (parent.isEmpty() || !parent.get().isAlive()) {
            request();
        } else {
            parent.get().onExit().thenRun(this::request);
        }
    }

    /** Asks the run to stop after the step it is in. */
    public void request() {
        requested = true;
    }

    /** Whether a stop was asked for; one volatile read, cheap enough for every step. */
    public boolean requested() {
        return requested;
    }

    /** Says that the run has saved its state and reported how it ended: a waiting shutdown may go on. */
    public void release() {
        released.countDown();
    }

    /**
     * Installs a JVM shutdown hook that requests this stop and waits for {@link #release()} (at most
     * {@code grace}: a wedged run must not keep the JVM alive for ever; its last periodic checkpoint
     * is still good). Closing the result removes the hook, or, if the JVM is already shutting down,
     * releases it.
     */
    public ShutdownHook onShutdown(Duration grace) {
        Thread hook = new Thread(() -> {
            request();
            try {
                released.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "meanfield-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return new ShutdownHook(this, hook);
    }

    /** An installed shutdown hook; see {@link StopSignal#onShutdown}. */
    public static final class ShutdownHook implements AutoCloseable {
        private final StopSignal signal;
        private final Thread hook;

        private ShutdownHook(StopSignal signal, Thread hook) {
            this.signal = signal;
            this.hook = hook;
        }

        /** Removes the hook; during shutdown (when that is not allowed) lets it finish instead. */
        @Override
        public void close() {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to: it waits for this.
            }
            signal.release();
        }
    }
}
