package org.meanfield.folder;

import java.io.IOException;
import java.nio.file.Path;

/** A run file that cannot be used to continue a run; the message names the file and the reason. */
public final class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    /** {@code file} cannot be used because {@code reason} (a phrase, e.g. "is truncated: ..."). */
    public CheckpointException(Path file, String reason) {
        super("cannot resume: " + file + " " + reason);
        this.reason = file + " " + reason;
    }

    /** The file and what is wrong with it, without saying what it could not be used for. */
    public String reason() {
        return reason;
    }
}
