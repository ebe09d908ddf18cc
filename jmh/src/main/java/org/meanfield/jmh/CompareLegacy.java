package org.meanfield.jmh;

import java.util.Locale;

import org.meanfield.dynamics.FreshSampler;
import org.meanfield.dynamics.Stepper;
import org.meanfield.engine.Engine;
import org.meanfield.engine.KernelChoice;
import org.meanfield.engine.LegacyVectorEngine;
import org.meanfield.engine.VectorEngine;
import org.meanfield.model.Particles;
import org.meanfield.model.ThreeSpinTarget;
import org.meanfield.model.Unit;

/**
 * How far the current vector engine's trajectory is from the engine before the blocked step
 * ({@link LegacyVectorEngine}, a copy of main's engine at 439741a): the same SGD steps (fresh batches; Langevin noise on at d : the same SGD steps (fresh batches, temperature 0) on bothlt; 25) on both, then the
 * largest relative difference |new - old| / |old| over every parameter, and the count of parameters
 * whose bits differ. Usage: {@code java --add-modules jdk.incubator.vector -cp benchmarks.jar
 * org.meanfield.jmh.CompareLegacy [steps] [threads]}.
 */
public final class CompareLegacy {
    private CompareLegacy() {
    }

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        // The study's three shapes, then awkward ones: tails of every tile, one particle, noise on.
        int[][] shapes = {{25, 16384, 1024}, {25, 512, 102}, {25, 1024, 41943}, {7, 1000, 37}, {3, 33, 130},
            {1, 9, 5}, {2, 300, 257}};
        for (String unitName : new String[] {"relu", "sigmoid", "gaussian"}) {
            for (int[] shape : shapes) {
                double temperature = shape[0] < 25 ? 1e-4 : 0;
                int d = shape[0];
                int n = shape[1];
                int batch = shape[2];
                int shapeSteps = batch > 10_000 ? Math.max(1, steps / 10) : steps;
                Unit unit = Fixture.unit(unitName, d);
                Particles initial = Fixture.particles(unit, n, d);
                ThreeSpinTarget target = Fixture.target(d);
                Particles a = run(new LegacyVectorEngine(unit, d, initial, threads), unit, target, d, batch, shapeSteps, temperature);
                Particles b = run(new VectorEngine(unit, d, initial, threads), unit, target, d, batch, shapeSteps, temperature);
                double moved = 0;
                for (int i = 0; i < initial.z().length; i++) {
                    moved = Math.max(moved, Math.abs(b.z()[i] - initial.z()[i]));
                }
                double maxRel = 0;
                long differing = 0;
                long total = 0;
                double[][] olds = {a.c(), a.z()};
                double[][] news = {b.c(), b.z()};
                for (int k = 0; k < 2; k++) {
                    for (int i = 0; i < olds[k].length; i++) {
                        double o = olds[k][i];
                        double v = news[k][i];
                        total++;
                        if (Double.doubleToRawLongBits(o) != Double.doubleToRawLongBits(v)) {
                            differing++;
                            maxRel = Math.max(maxRel, Math.abs(v - o) / Math.max(Math.abs(o), Double.MIN_NORMAL));
                        }
                    }
                }
                System.out.printf(Locale.ROOT,
                        "CompareLegacy unit=%s d=%d n=%d P=%d steps=%d threads=%d temperature=%g: max relative difference %.3g, %d of %d parameters differ in any bit (largest move of a z from its start: %.3g)%n",
                        unitName, d, n, batch, shapeSteps, threads, temperature, maxRel, differing, total, moved);
            }
        }
    }

    private static Particles run(Engine engine, Unit unit, ThreeSpinTarget target, int d, int batch, int steps,
            double temperature) {
        try (engine) {
            FreshSampler sampler = new FreshSampler(target, engine.targetEvaluator(target), batch,
                    Fixture.POINT_SEED);
            Stepper stepper = new Stepper(engine, sampler, Fixture.DT, temperature, Fixture.POINT_SEED);
            for (int step = 0; step < steps; step++) {
                stepper.step(step);
            }
            Particles out = new Particles(engine.n(), unit.zDim(d));
            engine.read(out);
            return out;
        }
    }
}
