package org.meanfield.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A JFR event per training step: the step number, the time of each phase, and the run's
 * parameters. One instance is reused for every step by {@link StepProbe}, so committing allocates
 * nothing; no stack trace is taken, since every step comes from the same place.
 */
@Name(StepEvent.NAME)
@Label("Training Step")
@Category("meanfield")
@Description("One step of the particle dynamics, with the wall time of each phase")
@StackTrace(false)
public final class StepEvent extends Event {
    /** The event's name in recordings and in the .jfc settings. */
    public static final String NAME = "org.meanfield.Step";

    @Label("Step")
    @Description("Steps taken before this one")
    long step;

    @Label("Sample")
    @Description("Drawing the points and evaluating the target")
    @Timespan(Timespan.NANOSECONDS)
    long sample;

    @Label("Forward")
    @Description("f_n at the points and the residual")
    @Timespan(Timespan.NANOSECONDS)
    long forward;

    @Label("Backward")
    @Description("Forces and the update of every particle")
    @Timespan(Timespan.NANOSECONDS)
    long backward;

    @Label("Noise")
    @Description("Langevin noise (0 at zero temperature)")
    @Timespan(Timespan.NANOSECONDS)
    long noise;

    @Label("d")
    @Description("Input dimension")
    int d;

    @Label("n")
    @Description("Particles")
    int n;

    @Label("P")
    @Description("Points per step (batch or fixed sample)")
    int batch;

    @Label("Unit")
    String unit;

    @Label("Kernel")
    @Description("Engine that ran: scalar or vector")
    String kernel;

    /** Sets the run's parameters, which stay the same for every step of the run. */
    void describeRun(int d, int n, int batch, String unit, String kernel) {
        this.d = d;
        this.n = n;
        this.batch = batch;
        this.unit = unit;
        this.kernel = kernel;
    }

    /** Sets this step's number and phase times (ns). */
    void setStep(long step, long sampleNanos, long forwardNanos, long backwardNanos, long noiseNanos) {
        this.step = step;
        this.sample = sampleNanos;
        this.forward = forwardNanos;
        this.backward = backwardNanos;
        this.noise = noiseNanos;
    }
}
