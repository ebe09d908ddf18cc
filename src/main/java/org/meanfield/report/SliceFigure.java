package org.meanfield.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.meanfield.config.RunConfig;
import org.meanfield.folder.Checkpoint;
import org.meanfield.model.GaussianUnit;
import org.meanfield.model.Particles;
import org.meanfield.model.ThreeSpinTarget;
import org.meanfield.model.UnitKind;

/**
 * The study's Figure 1 for gaussian units: the level sets of the target f and of the network f_n on
 * the slice x(theta, phi) = sqrt(d) (sin theta cos phi, sin theta sin phi, cos theta, 0, ..., 0) of
 * the sphere, theta in [0, pi], phi in [0, 2 pi], drawn as contour lines (marching squares) at the
 * same levels in both panels, with the centres y_i projected onto the slice by their first three
 * coordinates. Both functions are evaluated in double precision by a direct loop.
 */
final class SliceFigure {
    /** Grid points along theta (both poles included): 90 cells. */
    static final int THETA_POINTS = 91;
    /** Grid points along phi (0 and 2 pi both included, so the contours close): 180 cells. */
    static final int PHI_POINTS = 181;
    /** Lower edges of the nearness bins |y_1..3| / |y| of the centres' markers. */
    static final double[] NEARNESS = {0, 0.5, 0.8, 0.95};
    private static final int[] NEARNESS_ALPHA = {0x30, 0x70, 0xB0, 0xFF};
    /** Wider than the other panels: phi spans twice theta, and the legend has four entries. */
    static final int PANEL_WIDTH = 640;
    private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    private static final Color NEGATIVE = new Color(0x2166AC);
    private static final Color POSITIVE = new Color(0xB2182B);

    static {
        Headless.ensure();
    }

    private SliceFigure() {
    }

    /** Whether a run with this checkpoint gets the figure: gaussian units in d >= 3. */
    static boolean applies(Checkpoint checkpoint) {
        return UnitKind.GAUSSIAN.toString().equals(checkpoint.run().get("unit")) && checkpoint.run().count("d") >= 3;
    }

    /** The point of the slice at (theta, phi), in R^d. */
    static double[] point(int d, double theta, double phi) {
        if (d < 3) {
            throw new IllegalArgumentException("the slice needs d >= 3, got " + d);
        }
        double r = Math.sqrt(d);
        double[] x = new double[d];
        x[0] = r * Math.sin(theta) * Math.cos(phi);
        x[1] = r * Math.sin(theta) * Math.sin(phi);
        x[2] = r * Math.cos(theta);
        return x;
    }

    /** f_n(x) = (1/n) sum_i c_i exp(-alpha/2 |x - y_i|^2) for gaussian particles (z_i = y_i). */
    static double network(Particles particles, double alpha, double[] x) {
        if (x.length != particles.zDim()) {
            throw new IllegalArgumentException("x has " + x.length + " coordinates, the centres " + particles.zDim());
        }
        return RunFunctions.network(new GaussianUnit(alpha), particles, x);
    }

    /**
     * f and f_n on the grid: {@code target[i][j]} and {@code network[i][j]} at (theta[i], phi[j]).
     */
    record Grid(double[] theta, double[] phi, double[][] target, double[][] network) {
    }

    /** Evaluates f and f_n on a grid of thetaPoints x phiPoints points, both ends of each range included. */
    static Grid evaluate(ThreeSpinTarget target, Particles particles, double alpha, int thetaPoints, int phiPoints) {
        int d = target.d();
        if (particles.zDim() != d) {
            throw new IllegalArgumentException("the centres have " + particles.zDim() + " coordinates, the target " + d);
        }
        double[] theta = new double[thetaPoints];
        double[] phi = new double[phiPoints];
        for (int i = 0; i < thetaPoints; i++) {
            theta[i] = Math.PI * i / (thetaPoints - 1);
        }
        for (int j = 0; j < phiPoints; j++) {
            phi[j] = 2 * Math.PI * j / (phiPoints - 1);
        }
        double[][] f = new double[thetaPoints][phiPoints];
        double[][] fn = new double[thetaPoints][phiPoints];
        for (int i = 0; i < thetaPoints; i++) {
            for (int j = 0; j < phiPoints; j++) {
                double[] x = point(d, theta[i], phi[j]);
                f[i][j] = target.evaluate(x, 0);
                fn[i][j] = network(particles, alpha, x);
            }
        }
        return new Grid(theta, phi, f, fn);
    }

    /**
     * The centres projected onto the slice: theta = acos(y_3 / |y_1..3|), phi = atan2(y_2, y_1) in
     * [0, 2 pi), and nearness |y_1..3| / |y| (1 for a centre in the span of e_1, e_2, e_3). A centre
     * with y_1 = y_2 = y_3 = 0 goes to theta = pi/2, phi = 0 with nearness 0.
     */
    record Centres(double[] theta, double[] phi, double[] nearness) {
        static Centres of(Particles particles) {
            int n = particles.n();
            double[] z = particles.z();
            double[] theta = new double[n];
            double[] phi = new double[n];
            double[] near = new double[n];
            for (int i = 0; i < n; i++) {
                double y1 = z[i];
                double y2 = z[n + i];
                double y3 = z[2 * n + i];
                double r3 = Math.sqrt(y1 * y1 + y2 * y2 + y3 * y3);
                double all = 0;
                for (int k = 0; k < particles.zDim(); k++) {
                    all += z[k * n + i] * z[k * n + i];
                }
                all = Math.sqrt(all);
                theta[i] = r3 > 0 ? Math.acos(Math.max(-1, Math.min(1, y3 / r3))) : Math.PI / 2;
                double p = Math.atan2(y2, y1);
                phi[i] = p < 0 ? p + 2 * Math.PI : p;
                near[i] = all > 0 ? r3 / all : 0;
            }
            return new Centres(theta, phi, near);
        }
    }

    /**
     * Contour levels for values in [min, max]: the multiples of a 1-2-5 step (about ten of them)
     * strictly inside the range, zero among them when the range straddles it.
     */
    static double[] levels(double min, double max) {
        if (!(max > min) || !Double.isFinite(min) || !Double.isFinite(max)) {
            return new double[0];
        }
        double raw = (max - min) / 10;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double ratio = raw / magnitude;
        double step = magnitude * (ratio <= 1 ? 1 : ratio <= 2 ? 2 : ratio <= 5 ? 5 : 10);
        List<Double> out = new ArrayList<>();
        for (long k = (long) Math.floor(min / step); k * step <= max; k++) {
            double level = k * step;
            if (level > min && level < max) {
                out.add(level);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * The figure of a run from its config and its checkpoint's particles.
     *
     * @throws IllegalArgumentException if the config and checkpoint do not describe gaussian units in
     *     d >= 3 with matching n and d
     */
    static Figure of(String name, RunConfig config, Checkpoint checkpoint, String what) {
        if (config.unit() != UnitKind.GAUSSIAN || config.d() < 3) {
            throw new IllegalArgumentException("the slice figure is for gaussian units in d >= 3, not "
                    + config.unit() + " in d = " + config.d());
        }
        RunFunctions run = RunFunctions.of(config, checkpoint);
        Particles particles = run.particles();
        Grid grid = evaluate(run.target(), particles, config.alpha(), THETA_POINTS, PHI_POINTS);
        Centres centres = Centres.of(particles);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[][] values : new double[][][] {grid.target(), grid.network()}) {
            for (double[] row : values) {
                for (double v : row) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        double[] levels = levels(min, max);
        String step = levels.length > 1 ? level(levels[1] - levels[0]) : "-";
        List<XYChart> panels = List.of(
                panel("target f", grid, grid.target(), levels, centres),
                panel("network f_n, n = " + particles.n() + ", t = " + Num.compact(checkpoint.t()), grid,
                        grid.network(), levels, centres));
        return new Figure(name, what + ": level sets of the target f (left) and of the network f_n (right) on the "
                + "slice x = sqrt(d) (sin theta cos phi, sin theta sin phi, cos theta, 0, ..., 0), contour lines "
                + "at the same levels in both panels, every " + step + " from " + (levels.length > 0
                        ? level(levels[0]) + " to " + level(levels[levels.length - 1]) : "-")
                + " (red above zero, blue below, black at zero; f on the slice ranges over [" + Num.sig(range(
                        grid.target())[0]) + ", " + Num.sig(range(grid.target())[1]) + "], f_n over ["
                + Num.sig(range(grid.network())[0]) + ", " + Num.sig(range(grid.network())[1]) + "]); "
                + "dots: the " + particles.n() + " centres y_i projected by their first three coordinates, "
                + "darker the closer |y_1..3| / |y| is to 1 (the nearer the centre lies to the slice's 3-space); "
                + "grid " + (THETA_POINTS - 1) + " x " + (PHI_POINTS - 1) + " cells, checkpoint at step "
                + checkpoint.step() + ", alpha = " + Num.sig(config.alpha()) + ", target seed "
                + config.targetSeed(), panels);
    }

    /** A level as written: 0.3, not 0.30000000000000004 (levels are multiples of a 1-2-5 step). */
    static String level(double x) {
        return Num.compact(Double.parseDouble(String.format(java.util.Locale.ROOT, "%.12g", x)));
    }

    private static double[] range(double[][] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : values) {
            for (double v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return new double[] {min, max};
    }

    /** One panel: phi across, theta up, a line series per level (segments split by NaN), the centres. */
    private static XYChart panel(String title, Grid grid, double[][] values, double[] levels, Centres centres) {
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(Charts.PANEL_HEIGHT).title(title)
                .xAxisTitle("phi (rad)").yAxisTitle("theta (rad)").build();
        XYStyler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotGridLinesColor(GRID);
        s.setLegendBorderColor(GRID);
        s.setChartTitleBoxBackgroundColor(Color.WHITE);
        s.setChartTitleBoxBorderColor(Color.WHITE);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setAntiAlias(true);
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setMarkerSize(6);
        s.setPlotContentSize(1.0);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(2 * Math.PI).setYAxisMin(0.0).setYAxisMax(Math.PI);
        double extent = 0;
        for (double level : levels) {
            extent = Math.max(extent, Math.abs(level));
        }
        for (int k = 0; k < levels.length; k++) {
            double[] segments = MarchingSquares.segments(grid.phi(), grid.theta(), values, levels[k]);
            if (segments.length == 0) {
                continue;
            }
            int count = segments.length / 4;
            double[] x = new double[3 * count];
            double[] y = new double[3 * count];
            for (int m = 0; m < count; m++) {
                x[3 * m] = segments[4 * m];
                y[3 * m] = segments[4 * m + 1];
                x[3 * m + 1] = segments[4 * m + 2];
                y[3 * m + 1] = segments[4 * m + 3];
                // A NaN ordinate ends XChart's line here; the abscissa stays finite for its axis.
                x[3 * m + 2] = segments[4 * m + 2];
                y[3 * m + 2] = Double.NaN;
            }
            XYSeries series = chart.addSeries("level " + Num.sig(levels[k]), x, y);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(levelColor(levels[k], extent));
            series.setLineStyle(new BasicStroke(levels[k] == 0 ? 1.6f : 1.1f));
            series.setShowInLegend(false);
        }
        for (int b = 0; b < NEARNESS.length; b++) {
            double lo = NEARNESS[b];
            double hi = b + 1 < NEARNESS.length ? NEARNESS[b + 1] : Double.POSITIVE_INFINITY;
            List<Double> px = new ArrayList<>();
            List<Double> py = new ArrayList<>();
            for (int i = 0; i < centres.theta().length; i++) {
                if (centres.nearness()[i] >= lo && centres.nearness()[i] < hi) {
                    px.add(centres.phi()[i]);
                    py.add(centres.theta()[i]);
                }
            }
            if (px.isEmpty()) {
                continue;
            }
            // The first entry names the quantity; the others give its bin only, so four fit in a row.
            String bin = hi > 1 ? ">= " + lo : lo == 0 ? "< " + hi : "[" + lo + ", " + hi + ")";
            String label = (b == 0 ? "|y_1..3|/|y| " : "") + bin + ": " + px.size();
            XYSeries series = chart.addSeries(label, px.stream().mapToDouble(Double::doubleValue).toArray(),
                    py.stream().mapToDouble(Double::doubleValue).toArray());
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setMarkerColor(new Color(0x20, 0x20, 0x20, NEARNESS_ALPHA[b]));
        }
        return chart;
    }

    /** Red above zero, blue below, paler towards zero, black at zero. */
    static Color levelColor(double level, double extent) {
        if (level == 0 || !(extent > 0)) {
            return Color.BLACK;
        }
        Color full = level > 0 ? POSITIVE : NEGATIVE;
        double f = 0.35 + 0.65 * Math.min(1, Math.abs(level) / extent);
        return new Color((int) Math.round(255 + f * (full.getRed() - 255)),
                (int) Math.round(255 + f * (full.getGreen() - 255)), (int) Math.round(255 + f * (full.getBlue() - 255)));
    }
}
