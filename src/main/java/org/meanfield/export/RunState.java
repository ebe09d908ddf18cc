package org.meanfield.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.meanfield.config.RunConfig;
import org.meanfield.config.RunFingerprint;
import org.meanfield.folder.Checkpoint;
import org.meanfield.folder.CheckpointException;
import org.meanfield.folder.CheckpointFormat;
import org.meanfield.folder.ConfigFile;
import org.meanfield.folder.RunFolders;

/**
 * What a run folder holds to export: its config and its checkpoint, checked to belong together.
 * The checkpoint is the run's final state when the run completed, and its last state when it was
 * stopped (or diverged) before the end. Loading only reads.
 *
 * @param folder the run folder
 * @param config the run's config.json
 * @param checkpoint its checkpoint.bin
 */
public record RunState(Path folder, RunConfig config, Checkpoint checkpoint) {
    /**
     * Reads {@code folder}'s config.json and checkpoint.bin.
     *
     * @throws IllegalArgumentException (one line) if the folder is not a run folder or has no checkpoint
     * @throws IllegalStateException (one line) if the checkpoint is damaged or belongs to another run
     */
    public static RunState load(Path folder) {
        RunConfig config = ConfigFile.read(folder, folder.toString());
        Path file = folder.resolve(RunFolders.CHECKPOINT);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(folder + " has no " + RunFolders.CHECKPOINT
                    + ", so it has no particles to export (a run stopped before its first checkpoint has none)");
        }
        Checkpoint checkpoint;
        try {
            checkpoint = CheckpointFormat.read(file);
        } catch (CheckpointException e) {
            throw new IllegalStateException("cannot export: " + e.reason(), e);
        }
        // The kernel is the checkpoint's own: export builds no engine of that kind.
        List<String> differences = checkpoint.run().differences(RunFingerprint.of(config, checkpoint.run().engine()),
                "in " + RunFolders.CHECKPOINT, "in " + RunFolders.CONFIG);
        if (!differences.isEmpty()) {
            throw new IllegalStateException("cannot export: " + file + " does not belong to the run in "
                    + RunFolders.CONFIG + ": " + String.join("; ", differences));
        }
        return new RunState(folder, config, checkpoint);
    }

    /** Whether the checkpoint is the end of the run (its config's last step). */
    public boolean complete() {
        return checkpoint.step() >= config.steps();
    }

    /** What the checkpoint is, for messages and layout.json: the run's final state, or where a stopped run stopped. */
    public String describe() {
        return complete() ? "the run's final state"
                : "the last checkpoint of a run stopped at step " + checkpoint.step() + " of " + config.steps()
                        + " (meanfield train --resume continues it)";
    }
}
