package org.meanfield.folder;

import java.nio.file.Path;
import java.util.List;

import org.meanfield.config.RunFingerprint;
import org.meanfield.model.Particles;

/**
 * The whole state of a run between two steps: with its config it continues the run bit for bit.
 * Everything else a step uses is a function of the config (the target and its test set, the GD
 * sample, the Langevin noise of step k), so it is not stored. {@link CheckpointFormat} reads and
 * writes it.
 *
 * @param run the run this state belongs to
 * @param step steps taken
 * @param t mean-field time step * dt
 * @param samplerState the state of the sampler's generator ({@code Sampler.state()})
 * @param batchSum sum of the batch losses since the last metrics row
 * @param batchCount number of those batch losses
 * @param metrics how far {@code metrics.csv} is complete at this step: its rows and its length
 * @param wallSeconds wall time of the training loops so far, for the wall_s column
 * @param particles the particles, as the engine holds them (float32 values widened exactly for the
 *     vector engine)
 * @param phase the phase of the run the next step belongs to (the last one at the run's end);
 *     {@link #UNKNOWN_PHASE} in a checkpoint written before runs had phases
 */
public record Checkpoint(RunFingerprint run, long step, double t, long samplerState, double batchSum,
        long batchCount, MetricsLog.Position metrics, double wallSeconds, Particles particles, int phase) {
    /** The phase of a checkpoint from before phases (format versions 1 and 2): its step says it. */
    public static final int UNKNOWN_PHASE = -1;

    /** A checkpoint that does not record its phase. */
    public Checkpoint(RunFingerprint run, long step, double t, long samplerState, double batchSum, long batchCount,
            MetricsLog.Position metrics, double wallSeconds, Particles particles) {
        this(run, step, t, samplerState, batchSum, batchCount, metrics, wallSeconds, particles, UNKNOWN_PHASE);
    }

    /**
     * Refuses this checkpoint, read from {@code file}, unless it belongs to the run {@code expected}.
     *
     * @throws CheckpointException naming the file and the fields that differ
     */
    public void requireRun(RunFingerprint expected, Path file) throws CheckpointException {
        List<String> differences = run.differences(expected, "in the checkpoint", "in this run");
        if (!differences.isEmpty()) {
            String hint = expected.engine().equals(run.engine()) ? ""
                    : " (resume it where the same engine runs: the vector engine needs --add-modules jdk.incubator.vector)";
            throw new CheckpointException(file, "does not belong to this run (config.json and this JVM's engine): "
                    + String.join("; ", differences) + hint);
        }
    }
}
