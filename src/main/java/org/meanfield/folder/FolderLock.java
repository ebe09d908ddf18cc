package org.meanfield.folder;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * One writer per folder: an exclusive OS lock on the folder's {@value #FILE}, held for the writer's
 * whole life and released by the operating system when the process ends, however it ends (SIGKILL
 * included). The holder writes who it is (pid, host, since when, what) into the file, so that a
 * second writer is refused with a line naming it, and readers can say that a run is still running.
 * The file is never deleted: a process that opened it before its deletion would lock a file that
 * nobody else sees.
 */
public final class FolderLock implements AutoCloseable {
    /** The lock file in a run or sweep folder. */
    public static final String FILE = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes {@code folder}'s lock (the folder exists) for {@code what} (e.g. "train", "sweep").
     *
     * @throws FolderBusyException one line naming the folder and the process that holds it
     * @throws IOException if the lock file cannot be created or locked
     */
    public static FolderLock acquire(Path folder, String what) throws IOException {
        Path file = folder.resolve(FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very process
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new FolderBusyException(folder, holderText(file).orElse("another process"));
        }
        try {
            byte[] me = describe(what).getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(me), 0);
        } catch (IOException e) {
            // A full disk: the lock holds all the same, only a second writer cannot be told whose it is.
            channel.truncate(0);
        }
        return new FolderLock(channel, lock);
    }

    /**
     * Who holds {@code folder}'s lock, as its holder recorded it ("pid 123 on host h since ... (train)"),
     * if the recorded process is alive on this host; empty when nobody writes the folder. For readers,
     * which do not take the lock (a reader holding it would turn a writer away).
     */
    public static Optional<String> writer(Path folder) {
        Path file = folder.resolve(FILE);
        Optional<String> text = holderText(file);
        if (text.isEmpty()) {
            return text;
        }
        String[] fields = text.get().split(" ");
        try {
            long pid = Long.parseLong(fields[1]);
            boolean here = fields.length > 4 && fields[3].equals(host());
            return here && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? text : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> holderText(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.startsWith("pid ") ? Optional.of(text) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String describe(String what) {
        return "pid " + ProcessHandle.current().pid() + " on " + host() + " since "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " (" + what + ")\n";
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Clears the holder's record and releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            channel.truncate(0);
        } finally {
            lock.release();
            channel.close();
        }
    }
}
