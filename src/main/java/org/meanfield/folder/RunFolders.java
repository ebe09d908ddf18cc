package org.meanfield.folder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;

import org.meanfield.config.RunConfig;

/** The names of a run folder's files, and claiming a run or sweep folder before anything is written. */
public final class RunFolders {
    /** Every parameter of the run, with what was resolved at run time. */
    public static final String CONFIG = "config.json";
    /** One row per evaluation. */
    public static final String METRICS = "metrics.csv";
    /** The last checkpoint; at the end of a run, its final state. */
    public static final String CHECKPOINT = "checkpoint.bin";
    /** Written when, and only when, the run completes. */
    public static final String SUMMARY = "summary.json";
    /** A sweep run's output, which the sweep writes into the run folder before the run starts. */
    public static final String LOG = "train.log";
    /** A sweep folder's copy of its spec. */
    public static final String SWEEP_SPEC = "sweep.json";
    /** A sweep run's record of a failed train (exit status, where, when), written by a SLURM task. */
    public static final String FAILURE = "failure.txt";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunFolders() {
    }

    /** The default folder: {@code runs/<unit>-d<d>-n<n>-<dynamics>-<timestamp>}. */
    public static Path defaultFolder(RunConfig config) {
        String name = config.unit() + "-d" + config.d() + "-n" + config.n() + "-" + config.dynamics() + "-"
                + LocalDateTime.now().format(STAMP);
        return Path.of("runs", name);
    }

    /**
     * Claims {@code folder} for a fresh run and returns its lock, held until the run ends: creates it
     * (and its parents) if it does not exist; an existing folder must be empty (but for a sweep's
     * {@value #LOG}). Refuses an empty name,
     * a file, a folder that holds a run (it names --resume), a folder with other files, and a folder
     * another process writes; a refused folder is left as it was, and folders this call created are
     * removed again.
     *
     * @param option the option that named the folder, for messages ("--out")
     * @throws IllegalArgumentException one line with the reason
     * @throws FolderBusyException if another process holds the folder
     */
    public static FolderLock claimNewRun(Path folder, String option) throws IOException {
        return claim(folder, option, "train", contents -> {
            if (contents.contains(CONFIG)) {
                return "already holds a run; choose another folder (or continue it with --resume " + folder + ")";
            }
            return contents.isEmpty() || contents.equals(List.of(LOG)) ? null
                    : "holds files that are not a meanfield run (" + list(contents) + "); choose a new or empty folder";
        });
    }

    /**
     * Claims the existing or new {@code folder} as a sweep folder and returns its lock: an existing one
     * must be empty, or hold a sweep ({@code sweep.json}), or be the folder of the spec itself. Refused
     * folders are left as they were.
     *
     * @throws IllegalArgumentException one line with the reason
     * @throws FolderBusyException if another process holds the folder
     */
    public static FolderLock claimSweep(Path folder, Path spec, String option) throws IOException {
        Path specFolder = spec.toAbsolutePath().normalize().getParent();
        return claim(folder, option, "sweep", contents -> {
            boolean ownSpec = specFolder != null && specFolder.equals(folder.toAbsolutePath().normalize());
            if (contents.isEmpty() || contents.contains(SWEEP_SPEC) || ownSpec) {
                return null;
            }
            return "holds files that are not a meanfield sweep (" + list(contents) + ", but no " + SWEEP_SPEC
                    + "); choose a new or empty folder";
        });
    }

    /**
     * Claims the existing run folder {@code folder} to continue it, and returns its lock.
     *
     * @throws FolderBusyException if another process holds the folder
     */
    public static FolderLock claimRun(Path folder) throws IOException {
        FolderLock lock = FolderLock.acquire(folder, "train --resume");
        try {
            AtomicFiles.removeLeftovers(folder);
        } catch (IOException e) {
            lock.close();
            throw e;
        }
        return lock;
    }

    /**
     * Removes what a run that failed before its first checkpoint wrote into {@code folder} (its
     * config.json, metrics.csv, temporaries), after its lock was released, and the folder itself when
     * {@code created} (the run's claim made it); files of others are never touched.
     */
    public static void removeUnstartedRun(Path folder, boolean created) {
        try {
            for (String name : List.of(CONFIG, METRICS, CHECKPOINT)) {
                Files.deleteIfExists(folder.resolve(name));
            }
            AtomicFiles.removeLeftovers(folder);
            if (created && contents(folder).isEmpty()) {
                Files.deleteIfExists(folder.resolve(FolderLock.FILE));
                Files.deleteIfExists(folder);
            }
        } catch (IOException e) {
            // What cannot be removed stays; the error that ended the run is what the user needs to see.
        }
    }

    /** What a folder's files (but the lock) say against a claim: a reason, or null to accept it. */
    @FunctionalInterface
    private interface Check {
        String refusal(List<String> contents);
    }

    private static FolderLock claim(Path given, String option, String what, Check check) throws IOException {
        if (given.toString().isBlank()) {
            throw new IllegalArgumentException(option + " must name a folder, got an empty string");
        }
        Path folder = given.normalize();
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IllegalArgumentException(option + " " + given + " is a file, not a folder");
        }
        Path created = firstMissing(folder.toAbsolutePath());
        try {
            Files.createDirectories(folder);
        } catch (IOException | UncheckedIOException | SecurityException e) {
            removeCreated(created, folder);
            throw new IllegalArgumentException(option + " " + given + " is not a writable folder (" + reason(e) + ")");
        }
        boolean hadLock = Files.exists(folder.resolve(FolderLock.FILE));
        FolderLock lock = null;
        try {
            lock = FolderLock.acquire(folder, what);
            List<String> contents = contents(folder);
            String refusal = check.refusal(contents);
            if (refusal != null) {
                throw new IllegalArgumentException(option + " " + given + " " + refusal);
            }
            requireWritable(folder, option);
            return lock;
        } catch (IOException | RuntimeException e) {
            if (lock != null) {
                // Refused while holding the lock: nobody else writes here, so the folder is put back as it was.
                lock.close();
                if (!hadLock) {
                    Files.deleteIfExists(folder.resolve(FolderLock.FILE));
                }
                removeCreated(created, folder);
            }
            if (e instanceof FolderBusyException || e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new IllegalArgumentException(option + " " + given + " is not a writable folder (" + reason(e) + ")");
        }
    }

    /** The folder's entries but the lock file, sorted. */
    private static List<String> contents(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).filter(name -> !name.equals(FolderLock.FILE))
                    .sorted().toList();
        }
    }

    private static String list(List<String> names) {
        return String.join(", ", names.subList(0, Math.min(3, names.size()))) + (names.size() > 3 ? ", ..." : "");
    }

    /** The outermost folder of {@code path} that does not exist yet, or null if it exists. */
    private static Path firstMissing(Path path) {
        Path missing = null;
        for (Path p = path; p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /** Removes {@code folder} and its parents up to {@code created}, which this claim created (their lock file included). */
    private static void removeCreated(Path created, Path folder) {
        if (created == null) {
            return;
        }
        try {
            Files.deleteIfExists(folder.resolve(FolderLock.FILE));
            for (Path p = folder.toAbsolutePath(); p != null && p.startsWith(created); p = p.getParent()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Left behind: a folder this call made but could not remove; not worth failing the message for.
        }
    }

    /**
     * Checks that files can be created in the existing {@code folder} (by creating and removing
     * one), so that a run does not fail at its first write.
     *
     * @throws IllegalArgumentException with a one-line reason that names {@code option}
     */
    public static void requireWritable(Path folder, String option) {
        try {
            Path probe = Files.createTempFile(folder, ".probe", ".tmp");
            Files.delete(probe);
        } catch (IOException | UncheckedIOException | SecurityException e) {
            throw new IllegalArgumentException(option + " " + folder + " is not a writable folder (" + reason(e) + ")");
        }
    }

    private static String reason(Exception e) {
        String name = e.getClass().getSimpleName();
        return e.getMessage() == null ? name : name + ": " + e.getMessage();
    }
}
