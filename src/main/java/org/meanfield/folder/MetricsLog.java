package org.meanfield.folder;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32C;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RecordDescriptor;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * {@code metrics.csv}, written by an Agrona {@link Agent} on a thread of its own so that the training
 * loop does no I/O: {@link #append} copies each row into a {@link OneToOneRingBuffer} (no allocation,
 * no I/O), and the writer agent, woken by a {@link SleepingIdleStrategy} every millisecond when idle,
 * writes the header, then formats, writes and flushes the rows it finds there. {@link #close()} waits
 * until every row is written.
 *
 * <p>A write error (a full disk, say) stops the writer; the training thread sees it as an
 * {@link IOException} from its next {@link #append}, {@link #sync()} or {@link #close()}.
 *
 * <p>A log can continue an existing file from a checkpoint ({@link #resume}): the file is cut back to
 * the length the checkpoint recorded, so a line torn by a crash, or rows written after the
 * checkpoint, never stay; rows continue in the columns the file's header names, so that a file
 * begun by an older version, with other columns, stays one table. {@link #sync()} tells a checkpoint how far the file is complete, and the
 * CRC32C of that much of it, after checking that the file at the log's path is still the one it writes.
 */
public final class MetricsLog implements AutoCloseable {
    /** Rows the ring holds; the writer falls this far behind only if the disk stalls. */
    private static final int CAPACITY = 1024;
    /** Ring bytes a row takes: the row and the ring's record header, rounded up to a power of two (the ring's size must be one). */
    private static final int RECORD_BYTES = Integer.highestOneBit(MetricsRow.BYTES + RecordDescriptor.HEADER_LENGTH - 1) << 1;
    /** The ring's message type of a row. */
    private static final int ROW = 1;
    /** How long the writer sleeps when it finds nothing to write. */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How long an append or a sync waits before looking again. */
    private static final long WAIT_NANOS = 100_000L;

    private final Writer out;
    /** The file's channel, to force rows to disk before a checkpoint; null for a plain writer. */
    private final FileChannel channel;
    /** The file's path and its identity when opened (null: a plain writer, or a file system without one). */
    private final Path file;
    private final Object fileKey;
    private final String name;
    private final OneToOneRingBuffer ring;
    /** The training thread's copy of the row being handed over. */
    private final MutableDirectBuffer outgoing = new UnsafeBuffer(new byte[MetricsRow.BYTES]);
    private final RowWriter agent;
    private final AgentRunner runner;
    /** Rows in the file once every appended row is written: the training thread's count. */
    private long rows;

    /**
     * Where a log's file stands: complete rows, its length in bytes (header included), and the
     * CRC32C of those bytes, so that a resume can tell the file was not changed since.
     */
    public record Position(long rows, long bytes, long crc) {
        /** The CRC of a position recorded before CRCs were (checkpoint version 1): not checked. */
        public static final long UNKNOWN_CRC = -1;
        /** An empty file: no header yet. */
        public static final Position EMPTY = new Position(0, 0, new CRC32C().getValue());
    }

    /** Creates (or empties) {@code file} and starts the writer, which writes the header. */
    public MetricsLog(Path file) throws IOException {
        this(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), file, Position.EMPTY, new CRC32C(), MetricsRow.ALL);
    }

    /**
     * Continues {@code file} from {@code at}: cuts it back to {@code at.bytes()} (creating it if it
     * is missing) and appends after that; the header is written only if the file is then empty.
     * The caller has checked that the file holds at least {@code at.bytes()} whole lines.
     */
    public static MetricsLog resume(Path file, Position at) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            channel.truncate(at.bytes());
            CRC32C crc = new CRC32C();
            InputStream in = Channels.newInputStream(channel.position(0));
            byte[] buffer = new byte[1 << 16];
            StringBuilder header = new StringBuilder();
            boolean headerRead = false;
            for (long left = at.bytes(); left > 0;) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    throw new IOException(file + " ended before byte " + at.bytes());
                }
                crc.update(buffer, 0, read);
                for (int k = 0; k < read && !headerRead; k++) {
                    headerRead = buffer[k] == '\n';
                    if (!headerRead) {
                        header.append((char) buffer[k]);
                    }
                }
                left -= read;
            }
            // A file begun by another version (before phases, or before the signed errors) goes on in its own columns.
            int[] columns = at.bytes() == 0 ? MetricsRow.ALL
                    : MetricsRow.columnsOf(List.of(header.toString().strip().split(",", -1)));
            channel.position(at.bytes());
            return new MetricsLog(channel, file, at, crc, columns);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    private MetricsLog(FileChannel channel, Path file, Position at, CRC32C crc, int[] columns) throws IOException {
        this(new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8)),
                channel, file, fileKey(file), file.toString(), CAPACITY, at, crc, columns);
    }

    /** A log to {@code out}, called {@code name} (its path) in error messages, holding up to {@code capacity} rows (a power of two, at least 8). */
    MetricsLog(Writer out, String name, int capacity) {
        this(out, null, null, null, name, capacity, Position.EMPTY, new CRC32C(), MetricsRow.ALL);
    }

    private MetricsLog(Writer out, FileChannel channel, Path file, Object fileKey, String name, int capacity,
            Position at, CRC32C crc, int[] columns) {
        this.ring = new OneToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect(capacity * RECORD_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
        this.out = out;
        this.channel = channel;
        this.file = file;
        this.fileKey = fileKey;
        this.name = name;
        this.rows = at.rows();
        this.agent = new RowWriter(at, crc, columns);
        this.runner = new AgentRunner(new SleepingIdleStrategy(IDLE_NANOS), agent::fail, null, agent);
        AgentRunner.startOnThread(runner, task -> {
            Thread thread = new Thread(task, "meanfield-metrics-writer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Hands {@code row} to the writer without allocating; waits only while the ring is full.
     *
     * @throws IOException if the writer failed to write an earlier row
     */
    public void append(MetricsRow row) throws IOException {
        throwIfFailed();
        row.writeTo(outgoing, 0);
        while (!ring.write(ROW, outgoing, 0, MetricsRow.BYTES)) {
            throwIfFailed();
            LockSupport.parkNanos(this, WAIT_NANOS);
        }
        rows++;
    }

    /** Rows the file holds once every row appended so far is written: those it opened with, and the appended. */
    public long rows() {
        return rows;
    }

    /**
     * Waits until the writer has written and flushed every row appended so far, forces the file to
     * disk, and returns where it then stands; for checkpoints, which must never record rows that are
     * not in the file. Allocates only the result and the look at the file's identity.
     *
     * @throws IOException if a write failed, or if the file at the log's path is no longer the one it
     *         writes
     */
    public Position sync() throws IOException {
        while (agent.writtenRows < rows) {
            throwIfFailed();
            LockSupport.parkNanos(this, WAIT_NANOS);
        }
        throwIfFailed();
        if (channel != null) {
            try {
                channel.force(false);
            } catch (IOException e) {
                throw new FileWriteException("writing " + name + " failed: " + describe(e), e);
            }
        }
        if (fileKey != null && !fileKey.equals(fileKeyOrNull(file))) {
            // Replaced (a git stash or checkout, a copy over it) or deleted: the rows go on into a file
            // no one can read, and a checkpoint recording them would not resume.
            throw new FileWriteException(name + " was replaced or deleted while this run wrote it (a git checkout "
                    + "or stash over the run?): the rows since then are not in it; stopped before the next checkpoint", null);
        }
        return new Position(rows, agent.writtenBytes, agent.writtenCrc);
    }

    /** The identity of the file at {@code file} (an inode, on Linux), or null where the file system has none. */
    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    private static Object fileKeyOrNull(Path file) throws IOException {
        try {
            return fileKey(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Throws the writer's error, if it had one, as a one-line {@link IOException}. */
    public void throwIfFailed() throws IOException {
        Throwable cause = agent.failure;
        if (cause != null) {
            throw new FileWriteException("writing " + name + " failed: " + describe(cause), cause);
        }
    }

    /** Stops the writer once it has written and flushed every row, closes the file, reports errors. */
    @Override
    public void close() throws IOException {
        // Drained before the runner closes: a close that times out interrupts the writer (an interrupt
        // closes the file's channel), and one that comes before the writer's thread has started runs
        // onClose on this thread, without the header.
        while (agent.writtenRows < rows && agent.failure == null) {
            LockSupport.parkNanos(this, WAIT_NANOS);
        }
        runner.close();
        try {
            out.close();
        } catch (IOException e) {
            agent.fail(e);
        }
        throwIfFailed();
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.replace('\n', ' ');
    }

    /** The writer agent: header on start, then every row it finds, flushed; the rest on close. */
    private final class RowWriter implements Agent, MessageHandler {
        private final String newline = System.lineSeparator();
        private final boolean header;
        private final CRC32C crc;
        /** The columns the file's header names, as indices into {@link MetricsRow#HEADER}. */
        private final int[] columns;
        private long bytes;
        private long done;
        private volatile Throwable failure;
        /** Rows written and flushed; -1 until the header (if any) is flushed. */
        private volatile long writtenRows = -1;
        /** Bytes of the file up to the last flushed row, and their CRC32C: set before {@link #writtenRows}. */
        private volatile long writtenBytes;
        private volatile long writtenCrc;

        RowWriter(Position at, CRC32C crc, int[] columns) {
            this.header = at.bytes() == 0;
            this.crc = crc;
            this.columns = columns;
            this.bytes = at.bytes();
            this.done = at.rows();
            this.writtenBytes = bytes;
            this.writtenCrc = crc.getValue();
        }

        @Override
        public void onStart() {
            try {
                if (header) {
                    write(MetricsRow.HEADER);
                    flush();
                }
                writtenRows = done;
            } catch (IOException e) {
                fail(e);
            }
        }

        @Override
        public int doWork() {
            int read = ring.read(this);
            if (read > 0 && failure == null) {
                try {
                    flush();
                } catch (IOException e) {
                    fail(e);
                }
            }
            if (failure != null) {
                throw new AgentTerminationException(failure);
            }
            return read;
        }

        @Override
        public void onMessage(int type, MutableDirectBuffer buffer, int index, int length) {
            if (failure != null) {
                return;
            }
            try {
                write(MetricsRow.readFrom(buffer, index).toCsv(columns));
                done++;
            } catch (IOException e) {
                fail(e);
            }
        }

        /** Writes what is left in the ring when the runner closes. */
        @Override
        public void onClose() {
            if (failure == null) {
                while (ring.read(this) > 0) {
                    // each read writes up to the ring's batch of rows
                }
                try {
                    flush();
                } catch (IOException e) {
                    fail(e);
                }
            }
        }

        @Override
        public String roleName() {
            return "meanfield-metrics-writer";
        }

        /** Lines are ASCII (digits, signs, '.', 'e', NaN, Infinity, names), so chars are bytes. */
        private void write(String line) throws IOException {
            String text = line + newline;
            out.write(text);
            crc.update(text.getBytes(StandardCharsets.US_ASCII));
            bytes += text.length();
        }

        private void flush() throws IOException {
            out.flush();
            writtenBytes = bytes;
            writtenCrc = crc.getValue();
            // Bytes and CRC before rows: sync() reads rows, then the others, and must see all three.
            writtenRows = done;
        }

        void fail(Throwable e) {
            if (failure == null && !(e instanceof AgentTerminationException)) {
                failure = e;
            }
        }
    }
}
