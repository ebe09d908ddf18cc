package org.meanfield.report;

import org.meanfield.config.RunConfig;
import org.meanfield.folder.Checkpoint;
import org.meanfield.model.Particles;
import org.meanfield.model.ThreeSpinTarget;
import org.meanfield.model.Unit;

/**
 * The target f and the network f_n of a run, for figures that evaluate them at chosen points: the
 * target rebuilt from the config's dimension and target seed, the network from the checkpoint's
 * particles, f_n(x) = (1/n) sum_i c_i phi(x, z_i), in double precision by a direct loop over the
 * particles with the unit's reference phi (any unit).
 *
 * @param target the 3-spin target
 * @param unit the hidden unit
 * @param particles the checkpoint's particles
 */
record RunFunctions(ThreeSpinTarget target, Unit unit, Particles particles) {

    /**
     * The functions of a run with {@code config} and {@code checkpoint}.
     *
     * @throws IllegalArgumentException if the checkpoint's particles do not have the config's n and
     *     the unit's number of parameters in its d
     */
    static RunFunctions of(RunConfig config, Checkpoint checkpoint) {
        Unit unit = Unit.of(config.unit(), config.alpha());
        Particles particles = checkpoint.particles();
        int zDim = unit.zDim(config.d());
        if (particles.zDim() != zDim || particles.n() != config.n()) {
            throw new IllegalArgumentException("the checkpoint holds " + particles.n() + " particles of "
                    + particles.zDim() + " coordinates, config.json says n = " + config.n() + ", d = " + config.d()
                    + " (" + zDim + " coordinates a " + config.unit() + " unit)");
        }
        return new RunFunctions(new ThreeSpinTarget(config.d(), config.targetSeed()), unit, particles);
    }

    /** Input dimension d. */
    int d() {
        return target.d();
    }

    /** f(x). */
    double target(double[] x) {
        return target.evaluate(x, 0);
    }

    /** f_n(x). */
    double network(double[] x) {
        return network(unit, particles, x);
    }

    /** f_n(x) = (1/n) sum_i c_i phi(x, z_i) of {@code particles} of {@code unit}. */
    static double network(Unit unit, Particles particles, double[] x) {
        int n = particles.n();
        int d = x.length;
        double[] c = particles.c();
        double[] z = new double[particles.zDim()];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            particles.getZ(i, z);
            sum += c[i] * unit.phi(x, 0, z, d);
        }
        return sum / n;
    }
}
