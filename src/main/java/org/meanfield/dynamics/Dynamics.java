package org.meanfield.dynamics;

import org.meanfield.model.Particles;
import org.meanfield.observe.StepProbe;

/**
 * The time stepping of a run, whatever stands for the expectation over the input measure: a sample
 * of points ({@link Stepper}: SGD, GD on a fixed sample) or the closed forms ({@link ExactStepper}).
 * What a checkpoint records of it is the particles and one generator state.
 */
public interface Dynamics {
    /** Performs step number {@code step}; returns the loss that drove it, of the particles before the move. */
    double step(long step);

    /** Whether every parameter was finite after the last step. */
    boolean finite();

    /** The probe that times the steps. */
    StepProbe probe();

    /** The implementation that computes the forces, as checkpoints and config.json name it. */
    String kernel();

    /** The state of the generator the steps draw from (0 where they draw nothing). */
    long state();

    /** Restores a state from {@link #state()}. */
    void restore(long state);

    /** Copies the particles into {@code out}. */
    void read(Particles out);

    /** Replaces the particles with {@code in}. */
    void write(Particles in);
}
