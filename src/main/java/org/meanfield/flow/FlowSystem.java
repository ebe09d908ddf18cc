package org.meanfield.flow;

import org.meanfield.engine.ForceSystem;

/**
 * The kernel flow (4.5) of SCIENCE.md section 7 for gaussian units: n particles (c_i, y_i) with
 * centres on the sphere |y_i| = R = sqrt(d), phi(x, y) = exp(-alpha/2 |x - y|^2), moving by
 * <pre>
 *   dy_i/dt = P_i [ c_i grad f(y_i) - (1/n) sum_j c_i c_j grad_1 phi(y_i, y_j) ]      (P_i = I - y_i y_i^T / |y_i|^2)
 *   dc_i/dt = f(y_i) - (1/n) sum_j c_j phi(y_i, y_j)
 * </pre>
 * the gradient flow in mean-field time (force = -n grad_{theta_i}) of
 * <pre>
 *   E(c, y) = -(1/n) sum_i c_i f(y_i) + (1/(2 n^2)) sum_{i,j} c_i c_j phi(y_i, y_j)
 * </pre>
 * which is E_H - (1/2) ||f||_H^2: the RKHS error without its constant. The Lagrange multiplier
 * -lambda_i y_i of the study is the projection P_i of the centre's force onto the sphere's tangent
 * space, lambda_i = (force . y_i) / |y_i|^2.
 *
 * <p><b>Discretisation.</b> {@link #step} is one explicit Euler step of the projected flow followed
 * by a retraction onto the sphere: c_i += dt force_c,i; y_i += dt P_i force_y,i; then
 * y_i = R y_i / |y_i|. The tangential step plus renormalisation is the discrete Lagrange multiplier:
 * it agrees with the continuous -lambda_i y_i to first order in dt (the normalisation moves y_i
 * radially by O(dt^2)) and keeps |y_i| = R to rounding at every step.
 *
 * <p><b>Noise.</b> {@link #addNoise} adds std xi to c_i and to every ambient coordinate of y_i
 * (xi ~ N(0,1), the numbers and order of {@code Particles.addNoise}: chunk streams seeded
 * {@code Rng.derive(seed, step, chunk)}, particle by particle, c_i then y_i,0 .. y_i,d-1), then
 * renormalises y_i to radius R. This is ambient noise projected back onto the sphere (the usual
 * "project the Gaussian increment" scheme for Brownian motion on a sphere): its radial part is
 * discarded by the normalisation and its tangential part differs from tangential noise of the same
 * std by a factor R / (R + radial part), i.e. only at O(std^2 / R).
 *
 * <p>Implementations own their particles; {@link #write} copies the given centres as they are
 * (a checkpoint written by {@link #read} is on the sphere already) and the next step or noise call
 * puts them back on the sphere.
 */
public interface FlowSystem extends ForceSystem {
    /** Dimension d of the centres. */
    int d();

    /** The energy E = E_H - ||f||_H^2 / 2 of the current particles (see the class Javadoc). */
    double energy();

    /**
     * The forces of the flow, -n grad E, with the centres' force projected onto the tangent space
     * of the sphere at y_i: {@code forceC[i]} and {@code forceY[k*n + i]} (the layout of
     * {@code Particles}). Returns {@link #energy()}.
     */
    double forces(double[] forceC, double[] forceY);

    /** One Euler step of the flow with retraction onto the sphere; returns the energy before it. */
    @Override
    double step(double dt);
}
