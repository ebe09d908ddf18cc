package org.meanfield.run;

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
 */
public record Checkpoint(RunFingerprint run, long step, double t, long samplerState, double batchSum,
        long batchCount, MetricsLog.Position metrics, double wallSeconds, Particles particles) {
}
