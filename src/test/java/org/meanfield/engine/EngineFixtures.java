package org.meanfield.engine;

import org.meanfield.model.Particles;
import org.meanfield.model.Points;
import org.meanfield.model.Rng;
import org.meanfield.model.Sphere;
import org.meanfield.model.ThreeSpinTarget;
import org.meanfield.model.Unit;
import org.meanfield.model.UnitKind;

/** Shared inputs of the engine tests: units, particles with c != 0, points with target values. */
final class EngineFixtures {
    /** float32 unit round-off. */
    static final double U = 0x1p-24;

    private EngineFixtures() {
    }

    /** The unit of {@code kind}; gaussian width alpha = 1/d (the CLI default). */
    static Unit unit(UnitKind kind, int d) {
        return Unit.of(kind, 1.0 / d);
    }

    /** Default initialisation with c ~ N(0, 1), so forces on z are nonzero. */
    static Particles particles(Unit unit, int n, int d, long seed) {
        return Particles.initialise(unit, n, d, 1.0, new Rng(seed));
    }

    /** The same particles rounded to float, so a float and a double engine start from equal states. */
    static Particles roundedToFloat(Particles in) {
        Particles out = in.copy();
        for (int i = 0; i < out.c().length; i++) {
            out.c()[i] = (float) out.c()[i];
        }
        for (int i = 0; i < out.z().length; i++) {
            out.z()[i] = (float) out.z()[i];
        }
        return out;
    }

    /** {@code count} uniform points on the sphere with f evaluated (reference evaluation). */
    static Points points(ThreeSpinTarget target, int count, long seed) {
        Points points = new Points(count, target.d());
        Sphere.sample(new Rng(seed), points);
        target.evaluate(points);
        return points;
    }

    /** r = f - f_n from the double reference engine (with the particles it holds). */
    static double[] residual(Engine reference, Points x) {
        double[] prediction = new double[x.count()];
        reference.predict(x, prediction);
        double[] r = new double[x.count()];
        for (int p = 0; p < r.length; p++) {
            r[p] = x.target()[p] - prediction[p];
        }
        return r;
    }

    /** n rounded up to a multiple of the vector lanes: enough particles to fill n's padding lanes. */
    static int padded(int n) {
        int lanes = VectorEngine.lanes();
        return (n + lanes - 1) / lanes * lanes;
    }
}
