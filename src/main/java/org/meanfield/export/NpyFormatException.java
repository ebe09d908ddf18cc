package org.meanfield.export;

import java.io.IOException;
import java.nio.file.Path;

/** A file that {@link NpyReader} does not take; the message names the file and the reason. */
public final class NpyFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** {@code file} cannot be read because {@code reason} (a phrase, e.g. "it is truncated"). */
    public NpyFormatException(Path file, String reason) {
        super(file + " is not a .npy file of float64 values in C order that this reader takes: " + reason);
    }
}
