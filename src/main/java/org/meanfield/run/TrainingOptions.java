package org.meanfield.run;

/**
 * How a run is carried out, as opposed to what it computes ({@link RunConfig}): none of these
 * changes a number the run writes.
 *
 * @param profile record the run with JFR into {@value Training#PROFILE_FILE}
 * @param checkpointEvery how often to write {@code checkpoint.bin}
 * @param stop a request to stop early, checked between steps
 */
public record TrainingOptions(boolean profile, CheckpointInterval checkpointEvery, StopSignal stop) {
    /** No profile, a checkpoint every minute, and a stop signal nobody raises. */
    public static TrainingOptions defaults() {
        return new TrainingOptions(false, CheckpointInterval.DEFAULT, new StopSignal());
    }
}
