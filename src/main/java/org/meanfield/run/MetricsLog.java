package org.meanfield.run;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

import org.meanfield.observe.RecordRing;

/**
 * {@code metrics.csv}, written by a thread of its own so that the training loop does no I/O:
 * {@link #append} copies each row into a preallocated {@link RecordRing} (no allocation, no I/O) and
 * the writer thread writes the header, then formats, writes and flushes the rows it finds there, each
 * as soon as it arrives. {@link #close()} waits until every row is written.
 *
 * <p>A write error (a full disk, say) stops the writer thread; the training thread sees it as an
 * {@link IOException} from its next {@link #append} or from {@link #close()}.
 */
public final class MetricsLog implements AutoCloseable {
    /** Rows the ring holds; the writer falls this far behind only if the disk stalls. */
    private static final int CAPACITY = 1024;
    /** How long the writer sleeps when nobody wakes it; appends and close() wake it at once. */
    private static final long IDLE_NANOS = 100_000_000L;
    /** How long an append waits for room before trying again when the ring is full. */
    private static final long FULL_WAIT_NANOS = 100_000L;

    private final Writer out;
    private final String name;
    private final RecordRing ring;
    /** The training thread's copy of the row being handed over. */
    private final long[] outgoing = new long[MetricsRow.SLOTS];
    private final Thread writer;
    private volatile boolean closing;
    private volatile Exception failure;

    /** Creates {@code file} and starts the writer thread, which writes the header. */
    public MetricsLog(Path file) throws IOException {
        this(Files.newBufferedWriter(file, StandardCharsets.UTF_8), file.getFileName().toString(), CAPACITY);
    }

    /** A log to {@code out}, called {@code name} in error messages, holding up to {@code capacity} rows. */
    MetricsLog(Writer out, String name, int capacity) {
        this.out = out;
        this.name = name;
        this.ring = new RecordRing(capacity, MetricsRow.SLOTS);
        this.writer = new Thread(this::drain, "meanfield-metrics-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Hands {@code row} to the writer thread without allocating; waits only while the ring is full.
     *
     * @throws IOException if the writer thread failed to write an earlier row
     */
    public void append(MetricsRow row) throws IOException {
        throwIfFailed();
        row.writeTo(outgoing);
        while (!ring.offer(outgoing)) {
            throwIfFailed();
            LockSupport.unpark(writer);
            LockSupport.parkNanos(this, FULL_WAIT_NANOS);
        }
        LockSupport.unpark(writer);
    }

    /** Throws the writer thread's error, if it had one, as a one-line {@link IOException}. */
    public void throwIfFailed() throws IOException {
        Exception cause = failure;
        if (cause != null) {
            throw new IOException("writing " + name + " failed: " + describe(cause), cause);
        }
    }

    /** Waits until the writer thread has written and flushed every row, closes the file, reports errors. */
    @Override
    public void close() throws IOException {
        closing = true;
        LockSupport.unpark(writer);
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                // The rows must reach the file before the run ends; keep the interrupt for the caller.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        try {
            out.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
        throwIfFailed();
    }

    /** The writer thread: header, then drain, write, flush, sleep, until closed and empty or a write fails. */
    private void drain() {
        long[] incoming = new long[MetricsRow.SLOTS];
        String newline = System.lineSeparator();
        try {
            out.write(MetricsRow.HEADER);
            out.write(newline);
            out.flush();
            while (true) {
                // Read the flag before draining: every row appended before close() is then drained.
                boolean last = closing;
                boolean wrote = false;
                while (ring.poll(incoming)) {
                    out.write(MetricsRow.readFrom(incoming).toCsv());
                    out.write(newline);
                    wrote = true;
                }
                if (wrote) {
                    out.flush();
                }
                if (last) {
                    return;
                }
                LockSupport.parkNanos(this, IDLE_NANOS);
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.replace('\n', ' ');
    }
}
