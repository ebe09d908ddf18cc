package org.meanfield.exact;

import org.meanfield.engine.ForceSystem;
import org.meanfield.model.Particles;

/**
 * Exact population gradient descent for gaussian units (SCIENCE.md sections 3 and 5): the particles
 * theta_i = (c_i, z_i) form a deterministic n-body system whose energy is the exact population loss
 * <pre>
 *   l = C_f - (1/n) sum_i F(theta_i) + (1/(2 n^2)) sum_{i,j} K(theta_i, theta_j)
 * </pre>
 * and whose force on particle i is force_i = grad F(theta_i) - (1/n) sum_j grad_1 K(theta_i, theta_j)
 * = -n grad_{theta_i} l, with F and K in closed form ({@link GaussianClosedForms}).
 *
 * <p>Implementations own a copy of the particles and split the work into fixed chunks whose results
 * are combined in a fixed order (the results do not depend on the thread count).
 */
public interface ExactSystem extends ForceSystem {
    /** The exact population loss of the current particles. */
    double loss();

    /**
     * The force on every particle, written to {@code forceC[i]} and {@code forceZ[j*n + i]} (the layout
     * of {@link Particles}); returns the exact loss of the current particles.
     */
    double forces(double[] forceC, double[] forceZ);

    /** One explicit Euler step in mean-field time, theta_i += dt force_i; returns the exact loss before it. */
    @Override
    double step(double dt);
}
