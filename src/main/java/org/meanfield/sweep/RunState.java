package org.meanfield.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.meanfield.folder.FolderLock;
import org.meanfield.folder.RunFolders;

/**
 * Where a sweep's run stands, read from its folder only (whichever executor ran it): {@code done}
 * with summary.json; {@code running} while a live process holds the folder's lock; {@code failed}
 * with a recorded failure ({@value RunFolders#FAILURE}, written by a SLURM task, or a failed row in
 * the sweep's results.csv, written by the local executor); {@code stopped} with a checkpoint and no
 * summary; {@code pending} with none of these.
 */
public enum RunState {
    DONE, RUNNING, FAILED, STOPPED, PENDING;

    /**
     * The state of the run in {@code runFolder}; {@code listedFailed}: whether the sweep's results.csv
     * lists it as failed (the local executor's record of a failure).
     */
    public static RunState of(Path runFolder, boolean listedFailed) {
        if (Files.exists(runFolder.resolve(RunFolders.SUMMARY))) {
            return DONE;
        }
        if (FolderLock.writer(runFolder).isPresent()) {
            return RUNNING;
        }
        if (Files.exists(runFolder.resolve(RunFolders.FAILURE)) || listedFailed) {
            return FAILED;
        }
        if (Files.exists(runFolder.resolve(RunFolders.CHECKPOINT))) {
            return STOPPED;
        }
        return PENDING;
    }

    /** The runs (as results.csv names them) that {@code sweepFolder}'s results.csv lists as failed. */
    public static Set<String> listedFailed(Path sweepFolder) {
        Path results = sweepFolder.resolve(SweepRunner.RESULTS);
        if (!Files.exists(results)) {
            return Set.of();
        }
        try {
            return ResultRow.read(results).stream().filter(row -> ResultRow.FAILED.equals(row.status()))
                    .map(ResultRow::run).collect(Collectors.toUnmodifiableSet());
        } catch (RuntimeException e) {
            return Set.of(); // an unreadable results.csv records nothing
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
