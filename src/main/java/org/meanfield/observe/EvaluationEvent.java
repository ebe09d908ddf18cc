package org.meanfield.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A JFR event per test-set evaluation: its duration and the loss it found. Reused by
 * {@link EvaluationProbe} like {@link StepEvent}.
 */
@Name(EvaluationEvent.NAME)
@Label("Test-Set Evaluation")
@Category("meanfield")
@Description("The held-out loss (1/2) mean (f - f_n)^2 after a number of steps")
@StackTrace(false)
public final class EvaluationEvent extends Event {
    /** The event's name in recordings and in the .jfc settings. */
    public static final String NAME = "org.meanfield.Evaluation";

    @Label("Step")
    @Description("Steps taken")
    long step;

    @Label("Test Loss")
    double testLoss;

    @Label("Standard Error")
    @Description("Monte-Carlo standard error of the test loss")
    double testLossSe;

    @Label("Loss / C_f")
    double testLossOverCf;

    /** Sets what the evaluation found. */
    void setResult(long step, double testLoss, double testLossSe, double testLossOverCf) {
        this.step = step;
        this.testLoss = testLoss;
        this.testLossSe = testLossSe;
        this.testLossOverCf = testLossOverCf;
    }
}
