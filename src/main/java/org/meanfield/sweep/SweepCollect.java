package org.meanfield.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.meanfield.folder.AtomicFiles;
import org.meanfield.folder.RunFolders;

/**
 * Rebuilds a sweep's results.csv from its run folders, as the local executor writes it: a
 * {@code done} row (from config.json and summary.json) for every complete run, a {@code failed} row
 * (the spec's config, NaN results) for every run whose failure is recorded, in spec order; stopped
 * and pending runs have no row.
 */
public final class SweepCollect {

    /**
     * What was collected.
     *
     * @param rows the rows written
     * @param done complete runs
     * @param failed failed runs
     * @param firstFailed the first failed run's folder (null if none)
     */
    public record Collected(List<ResultRow> rows, int done, int failed, Path firstFailed) {
        /** Runs neither complete nor failed: stopped, running or never started. */
        public int unfinished(int total) {
            return total - done - failed;
        }
    }

    private SweepCollect() {
    }

    /** The rows of {@code plan}'s runs, from their folders now. */
    public static Collected rows(SweepPlan plan) {
        List<ResultRow> rows = new ArrayList<>();
        int done = 0;
        int failed = 0;
        Path firstFailed = null;
        for (SweepPlan.Run run : plan.runs()) {
            RunState state = RunState.of(run.folder(), false);
            if (state == RunState.DONE) {
                rows.add(ResultRow.of(run.folder(), run.point().run(), run.point().block()));
                done++;
            } else if (state == RunState.FAILED) {
                rows.add(ResultRow.of(run.config(), null, run.point().run(), run.point().block()));
                failed++;
                firstFailed = firstFailed == null ? run.folder() : firstFailed;
            }
        }
        return new Collected(List.copyOf(rows), done, failed, firstFailed);
    }

    /** Rebuilds {@code plan}'s results.csv and returns what it holds. */
    public static Collected write(SweepPlan plan) throws IOException {
        Collected collected = rows(plan);
        Files.createDirectories(plan.folder());
        AtomicFiles.write(plan.folder().resolve(SweepRunner.RESULTS),
                ResultRow.toCsv(collected.rows()).getBytes(StandardCharsets.UTF_8));
        return collected;
    }

    /** The log a failed run's row points to. */
    public static Path log(Path runFolder) {
        return runFolder.resolve(RunFolders.LOG);
    }
}
