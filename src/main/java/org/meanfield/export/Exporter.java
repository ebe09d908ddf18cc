package org.meanfield.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import org.meanfield.config.RunConfig;
import org.meanfield.folder.Json;
import org.meanfield.model.ThreeSpinTarget;

/**
 * Writes a run's particles, its target's coefficients and (on request) its test set with f and f_n
 * as NumPy {@code .npy} files, with {@code layout.json} describing them. The files are written into
 * a hidden staging folder and renamed into place at the end, so a failed export leaves nothing
 * behind and a new destination folder appears whole or not at all.
 */
public final class Exporter {
    /** The description of the export, machine-readable. */
    public static final String LAYOUT = "layout.json";
    /** The default destination, inside the run folder. */
    public static final String DEFAULT_FOLDER = "export";

    private Exporter() {
    }

    /**
     * What an export wrote.
     *
     * @param folder the export folder
     * @param files the file names, in the order written
     * @param cf C_f = (1/2) E f^2 of the run's target (exact)
     * @param testLoss (1/2) mean (f - f_n)^2 over the exported test points, NaN without them
     */
    public record Result(Path folder, List<String> files, double cf, double testLoss) {
    }

    /**
     * Checks that {@code out} can receive an export, before anything is computed or written: it is
     * absent or an empty folder, so no earlier file is overwritten or left mixed with new ones.
     *
     * @param option how to name {@code out} in messages ("--out" or null for the default folder)
     * @throws IllegalArgumentException with a one-line reason
     */
    public static void requireFree(Path out, String option) {
        String name = option == null ? out.toString() : option + " " + out;
        if (Files.isDirectory(out)) {
            try (Stream<Path> entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException(name + " already holds files; remove them or choose another "
                            + "folder" + (option == null ? " with --out" : ""));
                }
            } catch (IOException | UncheckedIOException e) {
                throw new IllegalArgumentException(name + " cannot be read (" + e.getMessage() + ")");
            }
        } else if (Files.exists(out)) {
            throw new IllegalArgumentException(name + " exists and is not a folder");
        }
    }

    /**
     * Exports {@code state} into {@code out}, which {@link #requireFree} has accepted.
     *
     * @param testPoints whether to add the run's test set with f and f_n at it
     */
    public static Result export(RunState state, Path out, boolean testPoints) throws IOException {
        RunConfig config = state.config();
        ThreeSpinTarget target = new ThreeSpinTarget(config.d(), config.targetSeed());
        List<ExportArray> arrays = new ArrayList<>(ExportArrays.particles(config.unit(), config.d(),
                state.checkpoint().particles()));
        arrays.addAll(ExportArrays.target(target));
        TestValues test = null;
        if (testPoints) {
            test = TestValues.compute(config, target, state.checkpoint().particles());
            arrays.addAll(ExportArrays.testPoints(test));
        }
        Map<String, Object> layout = ExportLayout.of(state, target.cf(), arrays, test);

        Path staging = createStaging(out);
        List<String> files = new ArrayList<>();
        try {
            for (ExportArray array : arrays) {
                NpyWriter.write(staging.resolve(array.file()), array.values(), array.shape());
                files.add(array.file());
            }
            Json.write(staging.resolve(LAYOUT), layout);
            files.add(LAYOUT);
            publish(staging, out, files);
        } catch (IOException | RuntimeException e) {
            deleteStaging(staging, e);
            throw e;
        }
        return new Result(out, List.copyOf(files), target.cf(), test == null ? Double.NaN : test.loss());
    }

    /**
     * A new, empty, hidden folder on the same file system as {@code out}, so that publishing is a
     * rename: inside {@code out} when it is an existing (empty) folder, else beside it.
     */
    private static Path createStaging(Path out) {
        Path absolute = out.toAbsolutePath().normalize();
        Path parent = Files.isDirectory(absolute) ? absolute : absolute.getParent();
        if (parent == null) {
            throw new IllegalArgumentException(out + " cannot hold an export (it is a root folder)");
        }
        try {
            Files.createDirectories(parent);
            // Not Files.createTempDirectory: it makes the folder private (0700), and the rename would keep that.
            while (true) {
                Path staging = parent.resolve("." + absolute.getFileName() + ".tmp-"
                        + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
                try {
                    return Files.createDirectory(staging);
                } catch (FileAlreadyExistsException taken) {
                    // another name
                }
            }
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException(out + " cannot be written (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
        }
    }

    /**
     * Renames the finished staging folder to {@code out}; into an existing (empty) folder, moves the
     * files one by one instead, {@code files} in order (layout.json last, so a partial export lacks
     * it), which keeps that folder itself, its permissions, and a shell's working directory in it.
     */
    private static void publish(Path staging, Path out, List<String> files) throws IOException {
        if (Files.isDirectory(out)) {
            for (String file : files) {
                move(staging.resolve(file), out.resolve(file));
            }
            Files.delete(staging);
        } else {
            move(staging, out);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** Removes the staging folder and the files this export wrote there. */
    private static void deleteStaging(Path staging, Exception cause) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(staging)) {
            for (Path entry : entries) {
                Files.deleteIfExists(entry);
            }
            Files.deleteIfExists(staging);
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
