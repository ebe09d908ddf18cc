package org.meanfield.folder;

import java.io.IOException;
import java.nio.file.Path;

/** A folder that another process writes: a second writer is refused, and nothing is touched. */
public final class FolderBusyException extends IOException {
    private static final long serialVersionUID = 1L;

    /** {@code folder} is held by {@code holder} (as its lock file describes it). */
    public FolderBusyException(Path folder, String holder) {
        super(folder + " is in use by " + holder + "; wait for it to end, or stop it (Ctrl-C or kill: it "
                + "checkpoints) before writing here");
    }
}
