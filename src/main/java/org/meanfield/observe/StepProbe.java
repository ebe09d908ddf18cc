package org.meanfield.observe;

/**
 * The clock of a step: {@link #begin()}, one {@link #lap(Phase)} at the end of each phase, then
 * {@link #end(long)}. Each lap and the whole step go into {@link PhaseTimings}; when a JFR recording
 * has {@link StepEvent} enabled, the step is also committed as one event. Nothing allocates: the
 * histograms are preallocated and one event instance is reused. Single-threaded, like the step.
 */
public final class StepProbe {
    private static final int PHASE_COUNT = Phase.values().length;

    private final PhaseTimings timings;
    private final StepEvent event = new StepEvent();
    private final long[] lapNanos = new long[PHASE_COUNT];
    private long stepStart;
    private long lapStart;
    /** Whether this step's event was begun: a recording that starts mid-step waits for the next one. */
    private boolean eventBegun;

    /** A probe with its own, empty timings. */
    public StepProbe() {
        this(new PhaseTimings());
    }

    /** A probe that records into {@code timings}. */
    public StepProbe(PhaseTimings timings) {
        this.timings = timings;
    }

    /** Labels the step events with the run's parameters. */
    public void describeRun(int d, int n, int batch, String unit, String kernel) {
        event.describeRun(d, n, batch, unit, kernel);
    }

    /** The timings this probe records into. */
    public PhaseTimings timings() {
        return timings;
    }

    /** Starts a step. */
    public void begin() {
        eventBegun = event.isEnabled();
        if (eventBegun) {
            event.begin();
        }
        for (int i = 0; i < PHASE_COUNT; i++) {
            lapNanos[i] = 0;
        }
        stepStart = System.nanoTime();
        lapStart = stepStart;
    }

    /** Ends {@code phase}, which began when the previous phase (or the step) ended. */
    public void lap(Phase phase) {
        long now = System.nanoTime();
        long nanos = now - lapStart;
        lapStart = now;
        lapNanos[phase.ordinal()] = nanos;
        timings.record(phase, nanos);
    }

    /** Ends step number {@code step}. */
    public void end(long step) {
        timings.record(Phase.STEP, System.nanoTime() - stepStart);
        if (eventBegun) {
            event.end();
            if (event.shouldCommit()) {
                event.setStep(step, lapNanos[Phase.SAMPLE.ordinal()], lapNanos[Phase.FORWARD.ordinal()],
                        lapNanos[Phase.BACKWARD.ordinal()], lapNanos[Phase.NOISE.ordinal()]);
                event.commit();
            }
        }
    }
}
