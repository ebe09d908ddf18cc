package org.meanfield.run;

import java.nio.file.Path;
import java.util.Locale;

/** A run stopped on request ({@link StopSignal}) after writing its checkpoint; it can be resumed. */
public final class RunStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long step;

    RunStoppedException(long step, double t, Path folder) {
        super(String.format(Locale.ROOT,
                "stopped at step %d (t = %.6g); checkpoint written, continue with 'meanfield train --resume %s'", step,
                t, folder));
        this.step = step;
    }

    /** Steps taken when the run stopped: the step of its last checkpoint. */
    public long step() {
        return step;
    }
}
