package org.meanfield.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.meanfield.config.RunConfig;
import org.meanfield.config.Schedule;
import org.meanfield.model.Particles;
import org.meanfield.model.UnitKind;

/**
 * The checks that stop a run at the first non-finite number, or at the first parameter blown up
 * beyond {@link #bound} while still finite (or every gaussian unit flown out of reach), and their messages: which quantity, at which step and
 * time, where the last good checkpoint is, and a hint naming the likely cause among the options.
 */
final class Divergence {
    /**
     * Parameters live on the data's scale: inputs on the sphere of radius sqrt(d), centres and
     * weights within a few radii, the c_i within about 1e3 in the study's runs. A parameter a million
     * radii out has left the problem: a gaussian centre there contributes exp(-alpha/2 1e12 d) = 0,
     * and the run would go on at loss C_f with no number ever overflowing.
     */
    static double bound(int d) {
        return 1e6 * (1 + Math.sqrt(d));
    }

    private Divergence() {
    }

    /**
     * Checks that no parameter of {@code particles} (the particles after {@code step} steps) is
     * beyond {@link #bound}.
     *
     * @throws DivergenceException naming the first such parameter
     */
    static void checkBounded(Simulation sim, Particles particles, long step, long lastCheckpoint) {
        double bound = bound(sim.config().d());
        for (int i = 0; i < particles.n(); i++) {
            if (Math.abs(particles.c()[i]) > bound) {
                throw diverged(sim, step, String.format(Locale.ROOT, "parameter c of particle %d is %.3g, beyond %.3g",
                        i, particles.c()[i], bound), lastCheckpoint);
            }
        }
        double[] z = particles.z();
        for (int k = 0; k < z.length; k++) {
            if (Math.abs(z[k]) > bound) {
                throw diverged(sim, step, String.format(Locale.ROOT, "parameter z[%d] of particle %d is %.3g, beyond %.3g",
                        k / particles.n(), k % particles.n(), z[k], bound), lastCheckpoint);
            }
        }
        if (sim.config().unit() == UnitKind.GAUSSIAN) {
            checkAlive(sim, particles, step, lastCheckpoint);
        }
    }

    /** Below this, a gaussian unit is out of the data's reach: its value and its force are negligible everywhere. */
    static final double NEGLIGIBLE = 1e-10;

    /**
     * A gaussian unit whose centre is further than sqrt(2 ln(1/NEGLIGIBLE) / alpha) from the sphere
     * has phi = exp(-alpha/2 |x - z|^2) below {@link #NEGLIGIBLE} at every input, and so does its
     * force, which is proportional to phi: it is frozen out there. Centres start on the sphere and
     * the data pulls them towards it; when every one of them is that far (a step too large for the
     * stiffness, typically), f_n is about 0 for good and the loss stays at C_f.
     */
    private static void checkAlive(Simulation sim, Particles particles, long step, long lastCheckpoint) {
        int d = sim.config().d();
        double radius = Math.sqrt(d);
        double dead = Math.sqrt(2 * Math.log(1 / NEGLIGIBLE) / sim.config().alpha());
        double nearest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < particles.n(); i++) {
            double norm2 = 0;
            for (int j = 0; j < d; j++) {
                double v = particles.z()[j * particles.n() + i];
                norm2 += v * v;
            }
            nearest = Math.min(nearest, Math.abs(Math.sqrt(norm2) - radius));
            if (nearest <= dead) {
                return;
            }
        }
        throw diverged(sim, step, String.format(Locale.ROOT, "every gaussian centre is more than %.3g from the "
                + "sphere (the nearest at %.3g), where phi < %.0e on every input: f_n is 0 and frozen", dead, nearest,
                NEGLIGIBLE), lastCheckpoint);
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
        // The options of the phase that took the step: a quench's batch or dt is its own.
        Schedule schedule = sim.config().schedule();
        return new DivergenceException(String.format(Locale.ROOT,
                "diverged: %s at step %d (t = %.6g); the last good checkpoint is at step %d; %s",
                what, step, schedule.timeAt(step), lastCheckpoint, hint(schedule.at(Math.max(0, step - 1)).config())));
    }

    /**
     * The options that most likely caused a divergence: the ones set far from their defaults (the
     * thresholds are rules of thumb: c_i drawn at 10 or more, noise of 0.1 or more a step, gaussian
     * units narrower than alpha d = 50), else the step alone.
     */
    static String hint(RunConfig config) {
        List<String> causes = new ArrayList<>();
        if (config.sigmaC() >= 10) {
            causes.add(String.format(Locale.ROOT, "--sigma-c %g (the c_i start that large)", config.sigmaC()));
        }
        double noise = Math.sqrt(2 * config.dt() * config.temperature());
        if (noise >= 0.1) {
            causes.add(String.format(Locale.ROOT, "--temperature %g (noise of %.3g a step on every parameter)",
                    config.temperature(), noise));
        }
        if (config.unit() == UnitKind.GAUSSIAN && config.alpha() * config.d() > 50) {
            causes.add(String.format(Locale.ROOT, "--alpha %g (units this narrow have steep forces)", config.alpha()));
        }
        String dt = String.format(Locale.ROOT, "--dt (now %g)", config.dt());
        return causes.isEmpty() ? "lower " + dt
                : "likely causes: " + String.join(", ", causes) + "; lower them or " + dt;
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
