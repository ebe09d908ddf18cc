package org.meanfield.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.meanfield.config.Params;
import org.meanfield.config.RunConfig;
import org.meanfield.config.RunFingerprint;
import org.meanfield.dynamics.DynamicsKind;
import org.meanfield.folder.Checkpoint;
import org.meanfield.folder.MetricsLog;
import org.meanfield.model.Particles;
import org.meanfield.model.ThreeSpinTarget;
import org.meanfield.model.UnitKind;

/** Figure 4: f and f_n along great circles, for any unit, from a hand-built checkpoint. */
class GreatCircleFigureTest {
    private static final int D = 4;

    @TempDir
    Path dir;

    /** Two particles of {@code unit} in d = 4 with chosen parameters, and a config that matches them. */
    private static Checkpoint checkpoint(RunConfig config, UnitKind unit) {
        int zDim = unit == UnitKind.GAUSSIAN ? D : D + 1;
        Particles particles = new Particles(2, zDim);
        particles.c()[0] = 1.3;
        particles.c()[1] = -0.6;
        particles.setZ(0, java.util.Arrays.copyOf(new double[] {0.7, -0.2, 0.4, 0.1, 0.3}, zDim));
        particles.setZ(1, java.util.Arrays.copyOf(new double[] {-0.5, 0.9, 0.2, -0.3, -0.4}, zDim));
        return new Checkpoint(RunFingerprint.of(config, "scalar"), 10, 0.5, 0, 0, 0, MetricsLog.Position.EMPTY, 0,
                particles);
    }

    private static RunConfig config(UnitKind unit) {
        return RunConfig.builder().set(Params.DIM, D).set(Params.PARTICLES, 2).set(Params.UNIT, unit)
                .set(Params.ALPHA, 0.7).set(Params.DYNAMICS, DynamicsKind.SGD).set(Params.TARGET_SEED, 5L).resolve();
    }

    /** f_n at x written out for the unit: (1/2) sum_i c_i phi(x, z_i). */
    private static double byHand(UnitKind unit, Particles p, double[] x) {
        double sum = 0;
        for (int i = 0; i < 2; i++) {
            double[] z = new double[p.zDim()];
            p.getZ(i, z);
            double u = 0;
            double phi;
            if (unit == UnitKind.GAUSSIAN) {
                for (int k = 0; k < D; k++) {
                    u += (x[k] - z[k]) * (x[k] - z[k]);
                }
                phi = Math.exp(-0.35 * u);
            } else {
                for (int k = 0; k < D; k++) {
                    u += z[k] * x[k];
                }
                u += z[D];
                phi = unit == UnitKind.RELU ? Math.max(0, u) : 1 / (1 + Math.exp(-u));
            }
            sum += p.c()[i] * phi;
        }
        return sum / 2;
    }

    @ParameterizedTest
    @EnumSource(UnitKind.class)
    void atThetaZeroTheCurvesAreFAndFnAtSqrtDTimesTheFirstAxis(UnitKind unit) throws Exception {
        RunConfig config = config(unit);
        Checkpoint checkpoint = checkpoint(config, unit);
        RunFunctions run = RunFunctions.of(config, checkpoint);
        ThreeSpinTarget target = new ThreeSpinTarget(D, 5);
        for (int[] axes : GreatCircleFigure.CIRCLES) {
            GreatCircleFigure.Circle circle = GreatCircleFigure.along(run, axes[0], axes[1], 9);
            double[] ei = new double[D];
            ei[axes[0]] = Math.sqrt(D);
            assertEquals(0, circle.theta()[0]);
            assertEquals(target.evaluate(ei, 0), circle.target()[0], 0.0, "f at sqrt(d) e_" + axes[0]);
            assertEquals(byHand(unit, checkpoint.particles(), ei), circle.network()[0], 1e-14, "f_n at sqrt(d) e_" + axes[0]);
            // A quarter turn (k = 2 of 8 steps) is sqrt(d) e_j; the circle closes at 2 pi.
            double[] ej = new double[D];
            ej[axes[1]] = Math.sqrt(D);
            assertArrayEquals(ej, GreatCircleFigure.point(D, axes[0], axes[1], circle.theta()[2]), 1e-15);
            assertEquals(byHand(unit, checkpoint.particles(), ej), circle.network()[2], 1e-13);
            assertEquals(circle.target()[0], circle.target()[8], 1e-12);
            assertEquals(circle.network()[0], circle.network()[8], 1e-12);
        }
        assertTrue(Math.abs(run.network(GreatCircleFigure.point(D, 0, 1, 0))) > 1e-3, "the particles are seen");

        Figure.Written written = GreatCircleFigure.of("circles", config, checkpoint, "hand-built " + unit)
                .write(dir.resolve("plots"));
        assertTrue(written.png().length > 1000);
        assertTrue(Files.size(dir.resolve("plots/circles.png")) > 1000);
        assertTrue(Files.readString(dir.resolve("plots/circles.svg")).contains("<svg"));
        assertTrue(written.caption().contains("(i, j) = (0, 1), (1, 2), (2, 0)"), written.caption());
    }

    @ParameterizedTest
    @EnumSource(UnitKind.class)
    void aCheckpointThatDoesNotMatchItsConfigIsRefused(UnitKind unit) {
        RunConfig other = RunConfig.builder().set(Params.DIM, D).set(Params.PARTICLES, 3).set(Params.UNIT, unit)
                .set(Params.DYNAMICS, DynamicsKind.SGD).resolve();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GreatCircleFigure.of("x", other, checkpoint(config(unit), unit), "x"));
        assertTrue(e.getMessage().contains("config.json says n = 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GreatCircleFigure.point(D, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> GreatCircleFigure.point(2, 0, 2, 0));
    }
}
