package org.meanfield.observe;

/**
 * Times test-set evaluations into the {@link Phase#EVALUATION} histogram and, when a JFR recording
 * has it enabled, commits an {@link EvaluationEvent} for each. One event instance is reused, so
 * nothing allocates. Single-threaded, like the training loop.
 */
public final class EvaluationProbe {
    private final PhaseTimings timings;
    private final EvaluationEvent event = new EvaluationEvent();
    private long start;
    private boolean eventBegun;

    /** A probe that records into {@code timings}. */
    public EvaluationProbe(PhaseTimings timings) {
        this.timings = timings;
    }

    /** Starts an evaluation. */
    public void begin() {
        eventBegun = event.isEnabled();
        if (eventBegun) {
            event.begin();
        }
        start = System.nanoTime();
    }

    /** Ends the evaluation after {@code step} steps, which found the given loss. */
    public void end(long step, double testLoss, double testLossSe, double testLossOverCf) {
        timings.record(Phase.EVALUATION, System.nanoTime() - start);
        if (eventBegun) {
            event.end();
            if (event.shouldCommit()) {
                event.setResult(step, testLoss, testLossSe, testLossOverCf);
                event.commit();
            }
        }
    }
}
