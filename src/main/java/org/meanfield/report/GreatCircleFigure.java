package org.meanfield.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.meanfield.config.RunConfig;
import org.meanfield.folder.Checkpoint;

/**
 * The study's Figure 4: the target f and the network f_n along great circles of the sphere,
 * x_i = sqrt(d) cos theta, x_j = sqrt(d) sin theta, the other coordinates 0, theta in [0, 2 pi], one
 * panel per circle (i, j) = (0, 1), (1, 2), (2, 0) (coordinates counted from 0; the study does not say
 * which axes it drew, so the first three, cyclically). Any unit; f and f_n by direct double-precision
 * loops ({@link RunFunctions}).
 */
final class GreatCircleFigure {
    /** Points along each circle, theta = 0 and 2 pi both included (the curve closes). */
    static final int POINTS = 361;
    /** The circles' coordinate pairs (i, j), for d >= 3. */
    static final int[][] CIRCLES = {{0, 1}, {1, 2}, {2, 0}};
    private static final Color TARGET = Color.BLACK;
    private static final Color NETWORK = new Color(0xE15759);

    static {
        Headless.ensure();
    }

    private GreatCircleFigure() {
    }

    /** Whether a run in dimension {@code d} gets the figure: d >= 3, for three distinct circles. */
    static boolean applies(int d) {
        return d >= 3;
    }

    /** The point of circle (i, j) at theta: sqrt(d) (cos theta e_i + sin theta e_j). */
    static double[] point(int d, int i, int j, double theta) {
        if (i == j || i < 0 || j < 0 || i >= d || j >= d) {
            throw new IllegalArgumentException("a great circle needs two distinct axes below d = " + d + ", got "
                    + i + ", " + j);
        }
        double[] x = new double[d];
        x[i] = Math.sqrt(d) * Math.cos(theta);
        x[j] = Math.sqrt(d) * Math.sin(theta);
        return x;
    }

    /**
     * f and f_n along one circle.
     *
     * @param i first axis
     * @param j second axis
     * @param theta the angles, 0 to 2 pi
     * @param target f at each angle
     * @param network f_n at each angle
     */
    record Circle(int i, int j, double[] theta, double[] target, double[] network) {
    }

    /** The circle (i, j) evaluated at {@code points} angles from 0 to 2 pi, both ends included. */
    static Circle along(RunFunctions run, int i, int j, int points) {
        double[] theta = new double[points];
        double[] f = new double[points];
        double[] fn = new double[points];
        for (int k = 0; k < points; k++) {
            theta[k] = 2 * Math.PI * k / (points - 1);
            double[] x = point(run.d(), i, j, theta[k]);
            f[k] = run.target(x);
            fn[k] = run.network(x);
        }
        return new Circle(i, j, theta, f, fn);
    }

    /**
     * The figure of a run from its config and its checkpoint's particles.
     *
     * @throws IllegalArgumentException if d < 3, or the checkpoint does not match the config
     */
    static Figure of(String name, RunConfig config, Checkpoint checkpoint, String what) {
        if (!applies(config.d())) {
            throw new IllegalArgumentException("great circles need d >= 3, got d = " + config.d());
        }
        RunFunctions run = RunFunctions.of(config, checkpoint);
        List<XYChart> panels = new ArrayList<>();
        double largest = 0;
        for (int[] axes : CIRCLES) {
            Circle circle = along(run, axes[0], axes[1], POINTS);
            panels.add(panel(circle, run.particles().n()));
            for (int k = 0; k < POINTS; k++) {
                largest = Math.max(largest, Math.abs(circle.target()[k] - circle.network()[k]));
            }
        }
        return new Figure(name, what + ": the target f (black) and the network f_n (red) along the great circles "
                + "x_i = sqrt(d) cos theta, x_j = sqrt(d) sin theta, other coordinates 0, for (i, j) = (0, 1), (1, 2), "
                + "(2, 0) (coordinates from 0), " + (POINTS - 1) + " steps of theta; largest |f - f_n| on them "
                + Num.sig(largest) + "; checkpoint at step " + checkpoint.step() + ", t = " + Num.compact(checkpoint.t())
                + ", " + config.unit() + " units, target seed " + config.targetSeed(), panels);
    }

    private static XYChart panel(Circle circle, int n) {
        XYChart chart = Charts.base("circle (i, j) = (" + circle.i() + ", " + circle.j() + "), n = " + n,
                "theta / pi", "f, f_n", Charts.PANEL_WIDTH, Charts.PANEL_HEIGHT);
        // In units of pi, so that the ticks fall on 0, 0.5, 1, ...
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(2.0).setXAxisDecimalPattern("0.##")
                .setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal);
        double[] x = new double[circle.theta().length];
        for (int k = 0; k < x.length; k++) {
            x[k] = circle.theta()[k] / Math.PI;
        }
        add(chart, "f", x, circle.target(), TARGET);
        add(chart, "f_n", x, circle.network(), NETWORK);
        return chart;
    }

    private static void add(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineStyle(new BasicStroke(1.6f));
    }
}
