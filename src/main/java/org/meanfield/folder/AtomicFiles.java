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

/** Whole-file writes that a crash cannot tear: write a temporary file, force it, rename it over. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes a file's contents to a stream (which it must not close). */
    @FunctionalInterface
    public interface Contents {
        /** Writes everything to {@code out}. */
        void writeTo(OutputStream out) throws IOException;
    }

    /** Replaces {@code file} with {@code bytes}; readers see the old or the new file, never a mix. */
    public static void write(Path file, byte[] bytes) throws IOException {
        write(file, out -> out.write(bytes));
    }

    /**
     * Replaces {@code file} with what {@code contents} writes, streamed (files larger than an array
     * can hold work too). The old file stays in place until the new one is complete and forced to
     * disk; if writing fails, the temporary file is removed and the old file is untouched.
     */
    public static void write(Path file, Contents contents) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
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
            throw e;
        }
    }
}
