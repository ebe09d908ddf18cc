package org.meanfield.dynamics;

import org.meanfield.engine.ParticleSystem;
import org.meanfield.observe.StepProbe;

/**
 * The time stepping of a run, whatever stands for the expectation over the input measure: a sample
 * of points ({@link Stepper}: SGD, GD on a fixed sample) or a system that computes its own forces
 * ({@link SystemStepper}: exact GD, the kernel flow).
 * What a checkpoint records of it is its system's particles and one generator state.
 */
public interface Dynamics {
    /** Performs step number {@code step}; returns the loss that drove it, of the particles before the move. */
    double step(long step);

    /** Whether every parameter was finite after the last step. */
    boolean finite();

    /** The probe that times the steps. */
    StepProbe probe();

    /** The particle system it steps. */
    ParticleSystem system();

    /** The state of the generator the steps draw from (0 where they draw nothing). */
    long state();

    /** Restores a state from {@link #state()}. */
    void restore(long state);

}
