package org.meanfield.run;

import java.util.Locale;

import org.meanfield.model.Particles;

/**
 * The checks that stop a run at the first non-finite number, and their messages: which quantity,
 * at which step and time, where the last good checkpoint is, and a hint to lower --dt.
 */
final class Divergence {
    private Divergence() {
    }

    /**
     * Checks the step that just brought the run to {@code step} steps: its batch loss (of the
     * particles before the move) and the particles after it.
     *
     * @throws DivergenceException at the first non-finite one
     */
    static void checkStep(Simulation sim, long step, double batchLoss, long lastCheckpoint) {
        if (!Double.isFinite(batchLoss)) {
            throw diverged(sim, step - 1, "the batch loss is " + batchLoss, lastCheckpoint);
        }
        if (!sim.dynamics().finite()) {
            throw diverged(sim, step, firstNonFinite(sim.particles()), lastCheckpoint);
        }
    }

    /** Checks a test-set loss evaluated after {@code step} steps. */
    static void checkTestLoss(Simulation sim, long step, double testLoss, long lastCheckpoint) {
        if (!Double.isFinite(testLoss)) {
            throw diverged(sim, step, "the test loss is " + testLoss, lastCheckpoint);
        }
    }

    private static DivergenceException diverged(Simulation sim, long step, String what, long lastCheckpoint) {
        double dt = sim.config().dt();
        return new DivergenceException(String.format(Locale.ROOT,
                "diverged: %s at step %d (t = %.6g); the last good checkpoint is at step %d; lower --dt (now %g)",
                what, step, step * dt, lastCheckpoint, dt));
    }

    /** Names the first parameter that is not finite, e.g. "parameter z[3] of particle 17 is NaN". */
    private static String firstNonFinite(Particles p) {
        for (int i = 0; i < p.n(); i++) {
            if (!Double.isFinite(p.c()[i])) {
                return "parameter c of particle " + i + " is " + p.c()[i];
            }
        }
        double[] z = p.z();
        for (int k = 0; k < z.length; k++) {
            if (!Double.isFinite(z[k])) {
                return "parameter z[" + k / p.n() + "] of particle " + k % p.n() + " is " + z[k];
            }
        }
        return "a parameter is not finite";
    }
}
