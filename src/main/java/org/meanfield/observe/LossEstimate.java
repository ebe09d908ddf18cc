package org.meanfield.observe;

/**
 * A Monte-Carlo estimate of the loss l = (1/2) E_nu (f - f_n)^2 on a held-out set, with its standard
 * error, and the normalised loss l / C_f.
 */
public record LossEstimate(double loss, double standardError, double relative) {
}
