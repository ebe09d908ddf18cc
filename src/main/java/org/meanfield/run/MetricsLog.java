package org.meanfield.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;

import org.meanfield.observe.RecordRing;

/**
 * {@code metrics.csv}, written by a thread of its own so that the training loop does no I/O:
 * {@link #append} copies each row into a preallocated {@link RecordRing} (no allocation, no I/O) and
 * the writer thread writes the header, then formats, writes and flushes the rows it finds there, each
 * as soon as it arrives. {@link #close()} waits until every row is written.
 *
 * <p>A write error (a full disk, say) stops the writer thread; the training thread sees it as an
 * {@link IOException} from its next {@link #append}, {@link #sync()} or {@link #close()}.
 *
 * <p>A log can continue an existing file from a checkpoint ({@link #resume}): the file is cut back to
 * the length the checkpoint recorded, so a line torn by a crash, or rows written after the
 * checkpoint, never stay. {@link #sync()} tells a checkpoint how far the file is complete.
 */
public final class MetricsLog implements AutoCloseable {
    /** Rows the ring holds; the writer falls this far behind only if the disk stalls. */
    private static final int CAPACITY = 1024;
    /** How long the writer sleeps when nobody wakes it; appends and close() wake it at once. */
    private static final long IDLE_NANOS = 100_000_000L;
    /** How long an append waits for room before trying again when the ring is full. */
    private static final long FULL_WAIT_NANOS = 100_000L;

    private final Writer out;
    /** The file's channel, to force rows to disk before a checkpoint; null for a plain writer. */
    private final FileChannel channel;
    private final boolean header;
    /** Rows the file held when the log opened it. */
    private final long startRows;
    private final String name;
    private final RecordRing ring;
    /** The training thread's copy of the row being handed over. */
    private final long[] outgoing = new long[MetricsRow.SLOTS];
    private final Thread writer;
    private volatile boolean closing;
    private volatile Exception failure;
    /** Rows in the file once every appended row is written: the training thread's count. */
    private long rows;
    /** Rows the writer thread has written and flushed; -1 until the header (if any) is flushed. */
    private volatile long writtenRows = -1;
    /** Bytes of the file up to the last flushed row; the writer thread's count. */
    private volatile long writtenBytes;

    /** Where a log's file stands: complete rows and its length in bytes, header included. */
    public record Position(long rows, long bytes) {
        /** An empty file: no header yet. */
        public static final Position EMPTY = new Position(0, 0);
    }

    /** Creates (or empties) {@code file} and starts the writer thread, which writes the header. */
    public MetricsLog(Path file) throws IOException {
        this(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), file.getFileName().toString(), Position.EMPTY);
    }

    /**
     * Continues {@code file} from {@code at}: cuts it back to {@code at.bytes()} (creating it if it
     * is missing) and appends after that; the header is written only if the file is then empty.
     * The caller has checked that the file holds at least {@code at.bytes()} whole lines.
     */
    public static MetricsLog resume(Path file, Position at) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            channel.truncate(at.bytes());
            channel.position(at.bytes());
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new MetricsLog(channel, file.getFileName().toString(), at);
    }

    private MetricsLog(FileChannel channel, String name, Position at) {
        this(new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8)),
                channel, name, CAPACITY, at);
    }

    /** A log to {@code out}, called {@code name} in error messages, holding up to {@code capacity} rows. */
    MetricsLog(Writer out, String name, int capacity) {
        this(out, null, name, capacity, Position.EMPTY);
    }

    private MetricsLog(Writer out, FileChannel channel, String name, int capacity, Position at) {
        this.out = out;
        this.channel = channel;
        this.name = name;
        this.header = at.bytes() == 0;
        this.startRows = at.rows();
        this.rows = at.rows();
        this.writtenBytes = at.bytes();
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
        rows++;
        LockSupport.unpark(writer);
    }

    /** Rows the file holds once every row appended so far is written: those it opened with, and the appended. */
    public long rows() {
        return rows;
    }

    /**
     * Waits until the writer thread has written and flushed every row appended so far, forces the
     * file to disk, and returns where it then stands. Allocates nothing but the result; for
     * checkpoints, which must never record rows that are not in the file.
     *
     * @throws IOException if a write failed
     */
    public Position sync() throws IOException {
        while (writtenRows < rows) {
            throwIfFailed();
            LockSupport.unpark(writer);
            LockSupport.parkNanos(this, FULL_WAIT_NANOS);
        }
        throwIfFailed();
        if (channel != null) {
            try {
                channel.force(false);
            } catch (IOException e) {
                throw new IOException("writing " + name + " failed: " + describe(e), e);
            }
        }
        return new Position(rows, writtenBytes);
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
        // Lines are ASCII (digits, signs, '.', 'e', NaN, Infinity), so bytes are chars.
        long bytes = writtenBytes;
        long done = startRows;
        try {
            if (header) {
                out.write(MetricsRow.HEADER);
                out.write(newline);
                out.flush();
                bytes += MetricsRow.HEADER.length() + newline.length();
                writtenBytes = bytes;
            }
            writtenRows = done;
            while (true) {
                // Read the flag before draining: every row appended before close() is then drained.
                boolean last = closing;
                boolean wrote = false;
                while (ring.poll(incoming)) {
                    String line = MetricsRow.readFrom(incoming).toCsv();
                    out.write(line);
                    out.write(newline);
                    bytes += line.length() + newline.length();
                    done++;
                    wrote = true;
                }
                if (wrote) {
                    out.flush();
                    // Bytes before rows: sync() reads rows, then bytes, and must see both.
                    writtenBytes = bytes;
                    writtenRows = done;
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
