package org.meanfield.run;

import java.io.IOException;
import java.nio.file.Path;

import org.meanfield.config.RunFingerprint;
import org.meanfield.config.Schedule;
import org.meanfield.folder.Checkpoint;
import org.meanfield.folder.CheckpointFormat;
import org.meanfield.folder.MetricsLog;
import org.meanfield.model.Particles;

/**
 * Writes a run's checkpoints on the training thread when they are due: the particles are copied
 * into one snapshot allocated up front, then streamed to the file with {@link CheckpointFormat}.
 * A checkpoint every minute costs a copy and one file write, so it is not worth a thread of its own.
 */
final class CheckpointWriter {
    private final Path file;
    private final Simulation sim;
    private final RunFingerprint run;
    private final CheckpointInterval interval;
    private final Particles snapshot;
    private final Schedule schedule;
    private long lastStep;
    private long lastNanos;

    /** Checkpoints of {@code sim} into {@code file}, the last one (already on disk) at {@code lastStep}. */
    CheckpointWriter(Path file, Simulation sim, RunFingerprint run, CheckpointInterval interval, long lastStep) {
        this.file = file;
        this.sim = sim;
        this.run = run;
        this.interval = interval;
        this.snapshot = sim.particles();
        this.schedule = sim.config().schedule();
        this.lastStep = lastStep;
        this.lastNanos = System.nanoTime();
    }

    /** Whether the interval has passed since the last checkpoint, after {@code step} steps. */
    boolean due(long step) {
        return step != lastStep && interval.due(step, System.nanoTime() - lastNanos);
    }

    /** Steps taken at the last checkpoint on disk. */
    long lastStep() {
        return lastStep;
    }

    /**
     * Writes the state after {@code step} steps; {@code metrics} must already be synced to disk.
     *
     * @throws IOException naming the file; the previous checkpoint, if any, is still in place
     */
    void write(long step, double batchSum, long batchCount, MetricsLog.Position metrics, double wallSeconds)
            throws IOException {
        sim.readParticles(snapshot);
        Checkpoint checkpoint = new Checkpoint(run, step, schedule.timeAt(step), sim.dynamics().state(), batchSum,
                batchCount, metrics, wallSeconds, snapshot, schedule.at(step).index());
        CheckpointFormat.write(file, checkpoint); // a failure names the file; the previous one stays
        lastStep = step;
        lastNanos = System.nanoTime();
    }
}
