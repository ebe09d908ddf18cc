package org.meanfield.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanfield.cli.Main;
import org.meanfield.config.Params;
import org.meanfield.config.RunConfig;
import org.meanfield.config.RunFingerprint;
import org.meanfield.dynamics.DynamicsKind;
import org.meanfield.folder.Checkpoint;
import org.meanfield.folder.CheckpointFormat;
import org.meanfield.folder.MetricsLog;
import org.meanfield.model.Particles;
import org.meanfield.model.ThreeSpinTarget;
import org.meanfield.model.UnitKind;
import org.meanfield.sweep.ResultRow;

class SliceFigureTest {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    @TempDir
    Path dir;

    @Test
    void theSliceLiesOnTheSphereAndPassesThroughTheAxes() {
        Random random = new Random(7);
        for (int d : new int[] {3, 5, 25}) {
            double r = Math.sqrt(d);
            for (int k = 0; k < 50; k++) {
                double[] x = SliceFigure.point(d, Math.PI * random.nextDouble(), 2 * Math.PI * random.nextDouble());
                assertEquals(d, x.length);
                double norm2 = 0;
                for (double v : x) {
                    norm2 += v * v;
                }
                assertEquals(d, norm2, 1e-12 * d, "|x|^2 = d");
                for (int j = 3; j < d; j++) {
                    assertEquals(0, x[j], "coordinates beyond the third are zero");
                }
            }
            assertArrayEquals(axis(d, 2, r), SliceFigure.point(d, 0, 1.234), 1e-15, "theta = 0 is sqrt(d) e_3");
            assertArrayEquals(axis(d, 2, -r), SliceFigure.point(d, Math.PI, 0.5), 1e-14, "theta = pi is -sqrt(d) e_3");
            assertArrayEquals(axis(d, 0, r), SliceFigure.point(d, Math.PI / 2, 0), 1e-14, "sqrt(d) e_1");
            assertArrayEquals(axis(d, 1, r), SliceFigure.point(d, Math.PI / 2, Math.PI / 2), 1e-14, "sqrt(d) e_2");
        }
        assertThrows(IllegalArgumentException.class, () -> SliceFigure.point(2, 0, 0));
    }

    private static double[] axis(int d, int j, double value) {
        double[] x = new double[d];
        x[j] = value;
        return x;
    }

    @Test
    void centresProjectBackToTheirAnglesWithTheirNearness() {
        int d = 6;
        double[][] angles = {{0.3, 0.2}, {1.0, 4.0}, {2.9, 6.1}, {Math.PI / 2, Math.PI}};
        Particles particles = new Particles(angles.length, d);
        for (int i = 0; i < angles.length; i++) {
            double[] y = SliceFigure.point(d, angles[i][0], angles[i][1]);
            // Scaled by 0.8 in the slice's 3-space, and given a component 0.6 |y_1..3| / 0.8 outside it.
            double r3 = 0.8 * Math.sqrt(d);
            for (int j = 0; j < 3; j++) {
                y[j] *= 0.8;
            }
            y[3 + i % 3] = i == 0 ? 0 : 0.6 * Math.sqrt(d);
            particles.setZ(i, y);
            assertTrue(r3 > 0);
        }
        SliceFigure.Centres centres = SliceFigure.Centres.of(particles);
        for (int i = 0; i < angles.length; i++) {
            assertEquals(angles[i][0], centres.theta()[i], 1e-12, "theta of centre " + i);
            assertEquals(angles[i][1], centres.phi()[i], 1e-12, "phi of centre " + i);
            assertEquals(i == 0 ? 1.0 : 0.8, centres.nearness()[i], 1e-12, "nearness of centre " + i);
        }
    }

    @Test
    void levelsAreRoundMultiplesInsideTheRangeWithZero() {
        assertArrayEquals(new double[] {-3, -2, -1, 0, 1, 2, 3, 4}, SliceFigure.levels(-3.2, 4.1), 1e-12);
        assertArrayEquals(new double[] {0.02, 0.04, 0.06, 0.08, 0.1, 0.12, 0.14}, SliceFigure.levels(0.01, 0.15),
                1e-12);
        assertEquals("0.3", SliceFigure.level(3 * 0.1));
        assertEquals("-4", SliceFigure.level(-4.0));
        assertEquals(0, SliceFigure.levels(1, 1).length);
        assertEquals(0, SliceFigure.levels(Double.NaN, 1).length);
    }

    /** A gaussian run config of one particle in d = 4 with alpha = 0.7. */
    private static RunConfig oneParticleConfig() {
        return RunConfig.builder().set(Params.DIM, 4).set(Params.PARTICLES, 1).set(Params.UNIT, UnitKind.GAUSSIAN)
                .set(Params.ALPHA, 0.7).set(Params.DYNAMICS, DynamicsKind.SGD).set(Params.TARGET_SEED, 3L).resolve();
    }

    @Test
    void theNetworkOfAHandBuiltOneParticleCheckpointIsItsGaussian() throws Exception {
        RunConfig config = oneParticleConfig();
        assertEquals(List.of(), config.problems());
        double c = -1.7;
        double[] y = {0.4, -1.1, 0.9, 0.5};
        Particles particles = new Particles(1, 4);
        particles.c()[0] = c;
        particles.setZ(0, y);
        Path file = dir.resolve("checkpoint.bin");
        CheckpointFormat.write(file, new Checkpoint(RunFingerprint.of(config, "scalar"), 10, 0.5, 0, 0, 0,
                MetricsLog.Position.EMPTY, 0, particles));
        Checkpoint checkpoint = CheckpointFormat.read(file);
        assertTrue(SliceFigure.applies(checkpoint));

        ThreeSpinTarget target = new ThreeSpinTarget(4, 3);
        SliceFigure.Grid grid = SliceFigure.evaluate(target, checkpoint.particles(), 0.7, 31, 61);
        assertEquals(31, grid.theta().length);
        assertEquals(61, grid.phi().length);
        assertEquals(0, grid.theta()[0]);
        assertEquals(Math.PI, grid.theta()[30], 1e-15);
        assertEquals(2 * Math.PI, grid.phi()[60], 1e-15);
        double largest = 0;
        for (int[] at : new int[][] {{0, 0}, {0, 37}, {7, 11}, {15, 30}, {22, 50}, {30, 60}, {12, 0}}) {
            double theta = grid.theta()[at[0]];
            double phi = grid.phi()[at[1]];
            // |x - y|^2 = |x|^2 + |y|^2 - 2 x.y with |x|^2 = d, written out from the angles.
            double s = Math.sqrt(4);
            double dot = s * (Math.sin(theta) * Math.cos(phi) * y[0] + Math.sin(theta) * Math.sin(phi) * y[1]
                    + Math.cos(theta) * y[2]);
            double yy = y[0] * y[0] + y[1] * y[1] + y[2] * y[2] + y[3] * y[3];
            double expected = c * Math.exp(-0.35 * (4 + yy - 2 * dot));
            assertEquals(expected, grid.network()[at[0]][at[1]], 1e-13 * Math.abs(expected), "f_n at " + theta
                    + ", " + phi);
            assertEquals(target.evaluate(SliceFigure.point(4, theta, phi), 0), grid.target()[at[0]][at[1]],
                    "f at " + theta + ", " + phi);
            largest = Math.max(largest, Math.abs(expected));
        }
        assertTrue(largest > 0.1, "the sampled points see the gaussian: " + largest);
    }

    @Test
    void theNetworkAveragesOverTheParticles() {
        // Two particles in d = 3, z dimension-major: f_n = (c_1 g_1 + c_2 g_2) / 2.
        Particles particles = new Particles(2, 3);
        particles.c()[0] = 2.0;
        particles.c()[1] = -0.5;
        particles.setZ(0, new double[] {1, 0, 0});
        particles.setZ(1, new double[] {0, 0, -1});
        double alpha = 1.3;
        double[] x = SliceFigure.point(3, 1.1, 0.4);
        double g1 = Math.exp(-alpha / 2 * ((x[0] - 1) * (x[0] - 1) + x[1] * x[1] + x[2] * x[2]));
        double g2 = Math.exp(-alpha / 2 * (x[0] * x[0] + x[1] * x[1] + (x[2] + 1) * (x[2] + 1)));
        assertEquals((2.0 * g1 - 0.5 * g2) / 2, SliceFigure.network(particles, alpha, x), 1e-14);
        assertThrows(IllegalArgumentException.class, () -> SliceFigure.network(particles, alpha, new double[4]));
    }

    @Test
    void aConfigThatDoesNotMatchTheCheckpointIsRefused() {
        RunConfig config = oneParticleConfig();
        Particles particles = new Particles(2, 4);
        Checkpoint checkpoint = new Checkpoint(RunFingerprint.of(config, "scalar"), 0, 0, 0, 0, 0,
                MetricsLog.Position.EMPTY, 0, particles);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SliceFigure.of("slice", config, checkpoint, "test"));
        assertTrue(e.getMessage().contains("n = 1"), e.getMessage());
        RunConfig relu = config.with(Params.UNIT, UnitKind.RELU);
        assertThrows(IllegalArgumentException.class, () -> SliceFigure.of("slice", relu, checkpoint, "test"));
    }

    private static Path train(Path folder, String... options) {
        String[] base = {"train", "--steps", "40", "--test-size", "64", "-q", "--threads", "1", "-o", folder.toString()};
        String[] args = Arrays.copyOf(base, base.length + options.length);
        System.arraycopy(options, 0, args, base.length, options.length);
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertEquals(0, code, "train failed: " + err);
        return folder;
    }

    @Test
    void aGaussianRunsReportHasTheSliceFigureAndAReluRunsHasNot() throws IOException {
        Path gaussian = train(dir.resolve("gaussian"), "--unit", "gaussian", "-d", "5", "-n", "16");
        Report.Result result = Report.write(gaussian);
        assertEquals(List.of(), result.notes());
        byte[] png = Files.readAllBytes(gaussian.resolve("plots/slice.png"));
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(png, 8));
        assertTrue(png.length > 10_000, "slice.png is " + png.length + " bytes");
        String svg = Files.readString(gaussian.resolve("plots/slice.svg"), StandardCharsets.UTF_8);
        assertTrue(svg.contains("<svg") && svg.contains("viewBox=\"0 0 " + 2 * SliceFigure.PANEL_WIDTH + " "),
                "slice.svg holds two panels side by side");
        String html = Files.readString(gaussian.resolve("report.html"), StandardCharsets.UTF_8);
        assertEquals(4, html.split("data:image/png;base64,", -1).length - 1, "loss, particles, great circles and slice");
        assertTrue(html.contains("plots/slice.png"), "the slice figure's caption names its file");
        assertTrue(html.contains("16 centres"), "the caption counts the centres");

        Path relu = train(dir.resolve("relu"), "--unit", "relu", "-d", "5", "-n", "16");
        assertEquals(List.of(), Report.write(relu).notes());
        assertTrue(Files.exists(relu.resolve("plots/particles.png")));
        assertFalse(Files.exists(relu.resolve("plots/slice.png")));
        assertFalse(Files.exists(relu.resolve("plots/slice.svg")));
        assertFalse(Files.readString(relu.resolve("report.html"), StandardCharsets.UTF_8).contains("slice"));
        assertTrue(Files.exists(relu.resolve("plots/great-circles.png")), "great circles for any unit");

        Path low = train(dir.resolve("gaussian-d2"), "--unit", "gaussian", "-d", "2", "-n", "16");
        Report.write(low);
        assertFalse(Files.exists(low.resolve("plots/slice.png")), "no slice in d = 2");
        assertFalse(Files.exists(low.resolve("plots/great-circles.png")), "no three great circles in d = 2");
    }

    @Test
    void aSweepDrawsTheSliceOfEachGaussianGroupsLargestRun() throws IOException {
        Path real = train(dir.resolve("real"), "--unit", "gaussian", "-d", "5", "-n", "16");
        Path sweep = Files.createDirectories(dir.resolve("sweep"));
        List<ResultRow> rows = new ArrayList<>();
        for (int n : new int[] {8, 16}) {
            String name = "gaussian-n" + n;
            Path run = Files.createDirectories(sweep.resolve(name));
            for (String file : new String[] {"config.json", "metrics.csv", "checkpoint.bin"}) {
                if (n == 16 || !file.equals("checkpoint.bin")) {
                    Files.copy(real.resolve(file), run.resolve(file));
                }
            }
            double loss = 1.0 / n;
            rows.add(new ResultRow(name, "b", "gaussian", 5, n, "sgd", 0.05, "64", "4096", 0.2, 0, 0, 1, 1, 40, 2.0, loss,
                    loss / 100, loss, loss, loss, 1, 1, ResultRow.DONE));
        }
        Files.writeString(sweep.resolve("results.csv"), ResultRow.toCsv(rows), StandardCharsets.UTF_8);
        Report.Result result = Report.write(sweep);
        try (Stream<Path> files = Files.list(sweep.resolve("plots"))) {
            List<String> slices = files.map(p -> p.getFileName().toString()).filter(f -> f.contains("-slice."))
                    .sorted().toList();
            assertEquals(2, slices.size(), "one PNG and one SVG: " + slices + ", notes " + result.notes());
            assertTrue(slices.get(0).endsWith("-slice.png") && slices.get(1).endsWith("-slice.svg"), slices.toString());
        }
        String html = Files.readString(sweep.resolve("report.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("gaussian-n16: level sets"), "the caption names the showcase run");
        assertTrue(html.contains("gaussian-n16: the target f (black) and the network f_n (red) along the great circles"),
                "the great circles of the group's largest run");
    }
}
