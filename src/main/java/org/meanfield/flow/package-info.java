/**
 * The kernel flow (4.5) of the study (SCIENCE.md section 7) for gaussian units: centres on the sphere
 * |y| = sqrt(d), the gradient flow in mean-field time of the RKHS error
 * E_H - ||f||_H^2 / 2 = -(1/n) sum_i c_i f(y_i) + (1/(2 n^2)) sum_{i,j} c_i c_j phi(y_i, y_j).
 *
 * <ul>
 *   <li>{@link org.meanfield.flow.FlowSystem}: the contract (a {@code ParticleSystem} with
 *       {@code step}, {@code energy}, {@code forces}), the equations, the discretisation of the
 *       Lagrange multiplier (tangential Euler step, then renormalisation) and of the noise (ambient
 *       noise in {@code Particles.addNoise}'s order, then renormalisation).</li>
 *   <li>{@link org.meanfield.flow.KernelFlowSystem} ({@code flow-vector}): symmetric blocked pair sum,
 *       SIMD float64, bitwise independent of the thread count, allocation-free once warm.</li>
 *   <li>{@link org.meanfield.flow.ReferenceKernelFlowSystem} ({@code flow-reference}): the plain
 *       loops it is tested against.</li>
 * </ul>
 *
 * <p><b>Step size (measured, jmh/ FlowPilot).</b> d = 5, n = 256, alpha = 1, centres uniform on the
 * sphere, c_i = 0, no noise, target seeds 1, 2, 3: E fell at every one of 2e5 steps at dt = 1e-3
 * (t = 200; largest |c_i| at the end 112 to 173); at dt = 2e-3 it first rose at t = 56 and 81 and at
 * 3e-3 at t = 19 and 28 (seed 2 stayed stable for 2e5 steps at both), at 1e-2 at t = 3.9 to 11, at
 * 2e-2 at t = 2.3 to 5.8, at 5e-2 to 0.5 within t = 1.3 to 3.5; past the first rise about half the
 * steps rise (a period-two oscillation, the explicit Euler instability of a stiff mode). E at t = 5
 * differs by 1.4e-2 / 131 between dt = 1e-3 and 3e-3 (seed 1): the discretisation error is small.
 * The stable step shrinks as the |c_i| grow (the centres' force scales with c_i), so the study's
 * dt = 1e-3 has a margin of about two at t = 200 here, less with larger c_i; a run should watch
 * for rises of E (it is returned by every {@code step}).
 *
 * <p>Not yet wired into the CLI, Simulation, config, checkpoints or reports.
 */
package org.meanfield.flow;
