package org.meanfield.folder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.meanfield.config.RunConfig;

/** Choosing and preparing a run's folder before anything else is written. */
public final class RunFolders {
    /** Every parameter of the run, with what was resolved at run time. */
    public static final String CONFIG = "config.json";
    /** One row per evaluation. */
    public static final String METRICS = "metrics.csv";
    /** The last checkpoint; at the end of a run, its final state. */
    public static final String CHECKPOINT = "checkpoint.bin";
    /** Written when, and only when, the run completes. */
    public static final String SUMMARY = "summary.json";
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
     * Creates {@code folder} (and parents) and checks that it can be written; refuses a folder that
     * already holds a run, so nothing is overwritten.
     *
     * @throws IllegalArgumentException with a one-line reason
     */
    public static void prepare(Path folder) {
        if (Files.exists(folder.resolve(CONFIG))) {
            throw new IllegalArgumentException("--out " + folder + " already holds a run; choose another folder "
                    + "(or continue it with --resume " + folder + ")");
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException | UncheckedIOException | SecurityException e) {
            throw new IllegalArgumentException("--out " + folder + " is not a writable folder (" + reason(e) + ")");
        }
        requireWritable(folder, "--out");
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
