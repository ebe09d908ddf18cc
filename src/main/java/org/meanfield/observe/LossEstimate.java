package org.meanfield.observe;

/**
 * A Monte-Carlo estimate of the loss l = (1/2) E_nu (f - f_n)^2 on a held-out set, with its standard
 * error, and the normalised loss l / C_f; and the study's two signed errors (its Figure 3) on the same
 * points, each with its standard error: {@code positive} = E_nu[Theta(f) (f - f_n)], where the target
 * is positive, and {@code negative} = E_nu[Theta(-f) (f_n - f)], where it is negative, Theta(0) = 0 (a
 * point with f = 0 exactly counts in neither). NaN where no test set measured them (exact dynamics).
 */
public record LossEstimate(double loss, double standardError, double relative, double positive, double positiveSe,
        double negative, double negativeSe) {

    /** A loss without signed errors (the exact population loss has no test points to take them on). */
    public LossEstimate(double loss, double standardError, double relative) {
        this(loss, standardError, relative, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
}
