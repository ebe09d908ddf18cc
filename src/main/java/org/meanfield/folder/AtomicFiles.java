package org.meanfield.folder;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Whole-file writes that a crash cannot tear: write a temporary file of this process, force it, rename it over. */
public final class AtomicFiles {
    private static final Pattern LEFTOVER = Pattern.compile(".+\\.\\d+-\\d+\\.tmp");
    private static final long PID = ProcessHandle.current().pid();
    private static final AtomicLong WRITES = new AtomicLong();

    private AtomicFiles() {
    }

    /** Writes a file's contents to a stream (which it must not close). */
    @FunctionalInterface
    public interface Contents {
        /** Writes everything to {@code out}. */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Whether {@code candidate} is a temporary file through which process {@code pid} writes (or was
     * writing, when it died) {@code file}.
     */
    public static boolean isTemporary(Path candidate, Path file, long pid) {
        String name = candidate.getFileName().toString();
        return name.startsWith(file.getFileName() + "." + pid + "-") && LEFTOVER.matcher(name).matches();
    }

    /**
     * Removes the temporary files that processes killed while writing left in {@code folder}; only
     * for the holder of the folder's lock, as nobody else can be writing there.
     */
    public static void removeLeftovers(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                if (LEFTOVER.matcher(file.getFileName().toString()).matches()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** Replaces {@code file} with {@code bytes}; readers see the old or the new file, never a mix. */
    public static void write(Path file, byte[] bytes) throws IOException {
        write(file, out -> out.write(bytes));
    }

    /**
     * Replaces {@code file} with what {@code contents} writes, streamed (files larger than an array
     * can hold work too). The old file stays in place until the new one is complete and forced to
     * disk; if writing fails, the temporary file is removed, the old file is untouched, and the
     * {@link IOException} names the file.
     */
    public static void write(Path file, Contents contents) throws IOException {
        // Named per process and per write: two processes, or two threads, writing one file (two
        // reports, say) never share a temporary file.
        Path tmp = file.resolveSibling(file.getFileName() + "." + PID + "-" + WRITES.incrementAndGet() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                // Not closed here: closing the stream would close the channel before force().
                OutputStream out = Channels.newOutputStream(channel);
                contents.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof IOException) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                throw new FileWriteException("writing " + file + " failed (" + reason + ")", e);
            }
            throw e;
        }
    }
}
