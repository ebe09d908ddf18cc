package org.meanfield.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.meanfield.folder.RunFolders;

/**
 * The {@code report} entry point: for a sweep folder (one with {@code results.csv}) the power-law
 * fits of final loss against n in {@code fits.json}, the figures in {@code plots/} (PNG and SVG)
 * and a self-contained {@code report.html}; for a run folder (one with {@code config.json}) the
 * figures and the page, without fits. Files are replaced, never appended to; the same folder gives
 * the same report (the bootstrap has a fixed seed, the page no time stamp).
 */
public final class Report {
    /** The page, in the folder. */
    public static final String HTML = "report.html";
    /** The fits of a sweep, in the folder. */
    public static final String FITS = "fits.json";
    /** The figures' folder, in the folder. */
    public static final String PLOTS = "plots";

    static {
        Headless.ensure();
    }

    private Report() {
    }

    /**
     * What a report wrote.
     *
     * @param html the page
     * @param kind "sweep" or "run"
     * @param lines one line per fit (sweep) or the final loss (run), for the command's output
     * @param notes files that could not be used, one line each (also on the page)
     */
    public record Result(Path html, String kind, List<String> lines, List<String> notes) {
    }

    /**
     * Writes the report of the run or sweep folder {@code folder}; a sweep's fits use, per group, the
     * n range its block sets in the folder's {@code sweep.json} ({@code fit.min_n}), else that spec's
     * {@code report.min_n}, else every n. Runs below a group's range are left out of its fit (and
     * shown paler in the scaling plots).
     *
     * @throws IllegalArgumentException one line if the folder is neither a run nor a sweep folder,
     *     or its results.csv or config.json cannot be read
     */
    public static Result write(Path folder) throws IOException {
        return write(folder, (Integer) null);
    }

    /**
     * As {@link #write(Path)}, with every group's fit over n >= {@code minN} whatever the spec says
     * ({@code report --min-n}).
     *
     * @throws IllegalArgumentException also if {@code minN} is negative
     */
    public static Result write(Path folder, int minN) throws IOException {
        return write(folder, Integer.valueOf(minN));
    }

    private static Result write(Path folder, Integer minN) throws IOException {
        if (minN != null && minN < 0) {
            throw new IllegalArgumentException("--min-n must be >= 0, got " + minN);
        }
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + (Files.exists(folder) ? " is not a folder"
                    : " does not exist"));
        }
        if (Files.isRegularFile(folder.resolve(SweepReport.RESULTS))) {
            clearPlots(folder);
            return new SweepReport(folder, minN == null ? FitRanges.of(folder) : FitRanges.commandLine(minN)).write();
        }
        if (Files.isRegularFile(folder.resolve(RunFolders.CONFIG))) {
            clearPlots(folder);
            return new RunReport(folder).write();
        }
        throw new IllegalArgumentException(folder + " is neither a sweep folder (no " + SweepReport.RESULTS
                + ") nor a run folder (no " + RunFolders.CONFIG + ")");
    }

    /**
     * Deletes the figures of an earlier report, so that none of a group the sweep no longer has
     * survives; plots/ belongs to the report, and only its .png and .svg files are touched.
     */
    private static void clearPlots(Path folder) throws IOException {
        Path plots = folder.resolve(PLOTS);
        if (!Files.isDirectory(plots)) {
            return;
        }
        try (Stream<Path> files = Files.list(plots)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (Files.isRegularFile(file) && (name.endsWith(".png") || name.endsWith(".svg"))) {
                    Files.delete(file);
                }
            }
        }
    }
}
