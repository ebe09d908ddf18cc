package org.meanfield.dynamics;

import org.meanfield.engine.ForceSystem;
import org.meanfield.model.Particles;
import org.meanfield.observe.Phase;
import org.meanfield.observe.StepProbe;

/**
 * The time stepping of a system that computes its own forces ({@link ForceSystem}: exact population
 * GD, the kernel flow): each step moves every particle by dt times its force, then adds Langevin
 * noise sqrt(2 dt / beta) xi when the temperature is positive; dt and the temperature are those of
 * the step's phase ({@link PhasePlan}). Draws no points; the noise streams are seeded per step, so there is no generator state to
 * checkpoint. Allocates nothing.
 */
public final class SystemStepper implements Dynamics {
    private final ForceSystem system;
    private final PhasePlan plan;
    private final long noiseSeed;
    private final StepProbe probe = new StepProbe();
    /** The particles after the last step, read back to check them (n (d + 1) copies against n^2 pairs). */
    private final Particles check;

    /** Steps {@code system} in the phases of {@code plan}. */
    public SystemStepper(ForceSystem system, PhasePlan plan, long noiseSeed) {
        this.system = system;
        this.plan = plan;
        this.noiseSeed = noiseSeed;
        this.check = new Particles(system.n(), system.zDim());
    }

    /** Performs step number {@code step} and returns the energy it descends (the exact loss, the flow's E), before the move. */
    @Override
    public double step(long step) {
        probe.begin();
        int phase = plan.phase(step);
        double loss = system.step(plan.dt(phase));
        probe.lap(Phase.PAIRS);
        double noiseStd = plan.noiseStd(phase);
        if (noiseStd > 0) {
            system.addNoise(noiseStd, noiseSeed, step);
            probe.lap(Phase.NOISE);
        }
        probe.end(step);
        return loss;
    }

    @Override
    public boolean finite() {
        system.read(check);
        return allFinite(check.c()) && allFinite(check.z());
    }

    private static boolean allFinite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public ForceSystem system() {
        return system;
    }

    @Override
    public StepProbe probe() {
        return probe;
    }

    @Override
    public long state() {
        return 0;
    }

    @Override
    public void restore(long state) {
        // Nothing to restore: the noise of step k is seeded by (seed, k) alone.
    }
}
