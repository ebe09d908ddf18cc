package org.meanfield.run;

import java.io.IOException;

import org.meanfield.config.RunConfig;
import org.meanfield.config.Schedule;
import org.meanfield.folder.Checkpoint;
import org.meanfield.folder.MetricsLog;
import org.meanfield.folder.MetricsRow;
import org.meanfield.model.Particles;
import org.meanfield.observe.EvaluationProbe;
import org.meanfield.observe.LossEstimate;

/**
 * The steps of one session of a run, from where it starts (step 0 or a checkpoint) to its last step
 * or a stop: each step is checked for divergence (and each evaluation for parameters blown up while
 * finite), evaluation rows go to the metrics log (whose own
 * thread writes them: the loop does no I/O but checkpoints), and checkpoints are written when due
 * and at the end. It keeps the state a checkpoint records besides the simulation's own: the step
 * and the batch losses summed since the last row.
 */
final class StepLoop {
    private final Simulation sim;
    private final MetricsLog log;
    private final CheckpointWriter checkpoints;
    private final EvaluationProbe evaluation;
    private final Training.Listener listener;
    /** System.nanoTime() at wall_s = 0: before this session when it resumes a run. */
    private final long clock;
    /** The particles read back at each evaluation, to check that none has blown up while finite. */
    private final Particles bounded;
    /** The run's phases: each row's phase and mean-field time. */
    private final Schedule schedule;
    private long step;
    private double batchSum;
    private long batchCount;
    private MetricsRow last;

    /** A loop from {@code from}, or from step 0 when it is null. */
    StepLoop(Simulation sim, MetricsLog log, CheckpointWriter checkpoints, EvaluationProbe evaluation,
            Training.Listener listener, long clock, Checkpoint from) {
        this.sim = sim;
        this.log = log;
        this.checkpoints = checkpoints;
        this.evaluation = evaluation;
        this.listener = listener;
        this.clock = clock;
        this.bounded = sim.particles();
        this.schedule = sim.config().schedule();
        if (from != null) {
            step = from.step();
            batchSum = from.batchSum();
            batchCount = from.batchCount();
        }
    }

    /**
     * Steps up to the config's last step, or until {@code stop} is requested; either way the state
     * it ends in is checkpointed.
     *
     * @return whether the run reached its last step
     * @throws DivergenceException at the first non-finite loss or parameter
     * @throws IOException if metrics.csv or a checkpoint cannot be written
     */
    boolean run(StopSignal stop) throws IOException {
        RunConfig config = sim.config();
        if (log.rows() == 0) {
            append(Double.NaN);
        }
        while (step < config.steps()) {
            if (stop.requested()) {
                if (checkpoints.lastStep() != step) {
                    checkpoint();
                }
                return false;
            }
            double batchLoss = sim.dynamics().step(step);
            step++;
            Divergence.checkStep(sim, step, batchLoss, checkpoints.lastStep());
            batchSum += batchLoss;
            batchCount++;
            listener.stepped(step, batchLoss);
            // A row every evalEvery steps, at the end of each phase and at the run's end.
            if (step % config.evalEvery() == 0 || step == config.steps() || step == schedule.at(step - 1).end()) {
                append(batchSum / batchCount);
                batchSum = 0;
                batchCount = 0;
            }
            if (step == config.steps() || checkpoints.due(step)) {
                checkpoint();
            }
        }
        return true;
    }

    /** Steps taken. */
    long step() {
        return step;
    }

    /** The last row written, or a fresh evaluation when this session wrote none (it resumed a finished run). */
    MetricsRow last() {
        return last != null ? last : evaluate(Double.NaN);
    }

    /** Seconds on the run's wall clock. */
    double seconds() {
        return (System.nanoTime() - clock) * 1e-9;
    }

    private void append(double batchLoss) throws IOException {
        last = evaluate(batchLoss);
        log.append(last);
        listener.evaluated(last);
    }

    private void checkpoint() throws IOException {
        checkpoints.write(step, batchSum, batchCount, log.sync(), seconds());
    }

    private MetricsRow evaluate(double batchLoss) {
        evaluation.begin();
        LossEstimate estimate = sim.evaluate();
        evaluation.end(step, estimate.loss(), estimate.standardError(), estimate.relative());
        Divergence.checkTestLoss(sim, step, estimate.loss(), checkpoints.lastStep());
        sim.readParticles(bounded);
        Divergence.checkBounded(sim, bounded, step, checkpoints.lastStep());
        return new MetricsRow(step, schedule.phaseAfter(step), schedule.timeAt(step), batchLoss, estimate.loss(),
                estimate.standardError(), estimate.relative(), seconds(), estimate.positive(), estimate.positiveSe(),
                estimate.negative(), estimate.negativeSe());
    }
}
