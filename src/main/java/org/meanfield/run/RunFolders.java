package org.meanfield.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Choosing and preparing a run's folder before anything else is written. */
public final class RunFolders {
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
        if (Files.exists(folder.resolve("config.json"))) {
            throw new IllegalArgumentException("--out " + folder + " already holds a run; choose another folder");
        }
        try {
            Files.createDirectories(folder);
            Path probe = Files.createTempFile(folder, ".probe", ".tmp");
            Files.delete(probe);
        } catch (IOException | UncheckedIOException | SecurityException e) {
            throw new IllegalArgumentException("--out " + folder + " is not a writable folder (" + reason(e) + ")");
        }
    }

    private static String reason(Exception e) {
        String name = e.getClass().getSimpleName();
        return e.getMessage() == null ? name : name + ": " + e.getMessage();
    }
}
