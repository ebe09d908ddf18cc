package org.meanfield.engine;

import org.meanfield.model.Particles;
import org.meanfield.model.Points;
import org.meanfield.model.ThreeSpinTarget;

/**
 * A particle system stepped on sampled points: f_n at a batch of points (forward), and the
 * mean-field forces from the residual at those points (backward). SGD and GD on a fixed sample step
 * one; the scalar engine (double, the reference) and the vector engine (float32, Vector API) are the two.
 *
 * <p>Both passes cost O(n P d): the force is computed from the residual r_p = f(x_p) - f_n(x_p),
 * never from the O(n^2 P) pair sum.
 */
public interface Engine extends ParticleSystem {
    /** out[p] = f_n(x_p) = (1/n) sum_i c_i phi(x_p, z_i) for every point of {@code x}. */
    void predict(Points x, double[] out);

    /**
     * The force on every particle, force_i = (1/P) sum_p r_p grad_theta (c phi(x_p, z))|_{theta_i},
     * written to {@code forceC[i]} and {@code forceZ[j*n + i]} (the layout of {@link Particles}).
     */
    void forces(Points x, double[] residual, double[] forceC, double[] forceZ);

    /** One explicit Euler step in mean-field time: theta_i += dt * force_i. */
    void descend(Points x, double[] residual, double dt);

    /** Whether every parameter was finite after the last {@link #descend}. */
    boolean finite();

    /** The evaluation of {@code target} that goes with this engine: its precision, on its threads. */
    TargetEvaluator targetEvaluator(ThreeSpinTarget target);
}
