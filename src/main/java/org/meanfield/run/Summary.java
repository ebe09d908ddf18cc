package org.meanfield.run;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What a finished run reports in {@code summary.json}.
 *
 * @param finalTestLoss test-set loss (1/2) mean (f - f_n)^2 at the end
 * @param finalTestLossSe its Monte-Carlo standard error
 * @param finalRelativeLoss final loss over C_f
 * @param cf C_f = (1/2) E_nu f^2 (exact)
 * @param steps steps taken
 * @param t mean-field time reached
 * @param wallSeconds wall time of the training loop, evaluations included
 * @param stepsPerSecond steps over wall seconds
 * @param kernel engine that ran
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Summary(double finalTestLoss, double finalTestLossSe, double finalRelativeLoss, double cf, long steps,
        double t, double wallSeconds, double stepsPerSecond, String kernel) {
}
