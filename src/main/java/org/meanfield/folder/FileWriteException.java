package org.meanfield.folder;

import java.io.IOException;

/** A file of a run or sweep folder that could not be written, in one line naming the file and the cause. */
public final class FileWriteException extends IOException {
    private static final long serialVersionUID = 1L;

    /** "writing FILE failed (CAUSE)" and what follows; {@code cause} is the I/O error. */
    public FileWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
