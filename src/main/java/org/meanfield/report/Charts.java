package org.meanfield.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.util.List;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's XChart charts, one builder per kind of plot; drawing only, no I/O. */
final class Charts {
    static final int PANEL_WIDTH = 560;
    static final int PANEL_HEIGHT = 400;
    private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    /** Tableau 10: one colour per group. */
    private static final Color[] CATEGORICAL = {new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759),
        new Color(0x76B7B2), new Color(0x59A14F), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7),
        new Color(0x9C755F), new Color(0xBAB0AC)};
    /**
     * Markers of the scaling plots, cycled beside the colours: seven markers against ten colours
     * (coprime), so group k's (colour, marker) pair is k mod 10, k mod 7 and no two of the first 70
     * groups of a plot share one.
     */
    private static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND,
        SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.PLUS};
    /** Viridis anchors: small n dark, large n light, so the order of the lines reads at a glance. */
    private static final Color[] SEQUENTIAL = {new Color(0x440154), new Color(0x3B528B), new Color(0x21918C),
        new Color(0x5EC962), new Color(0xC8B400)};

    static {
        Headless.ensure();
    }

    private Charts() {
    }

    /**
     * Loss (or n times the loss) against t on log-log axes, one line per curve; the t = 0 row is left
     * out (a log axis cannot show it; the loss there is C_f for every n).
     */
    static XYChart lossVsTime(String title, List<Curve> curves, boolean timesN) {
        XYChart chart = base(title, "mean-field time t", timesN ? "n x test loss" : "test loss", PANEL_WIDTH,
                PANEL_HEIGHT);
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        Range x = new Range();
        Range y = new Range();
        for (int k = 0; k < curves.size(); k++) {
            Curve curve = timesN ? curves.get(k).positiveTimes().timesN() : curves.get(k).positiveTimes();
            if (curve.t().length == 0) {
                continue;
            }
            addCurve(chart, curve, k, curves.size());
            x.add(curve.t());
            y.add(curve.loss());
        }
        x.logAxis(chart, true);
        y.logAxis(chart, false);
        return chart;
    }

    /**
     * Each curve's loss over its mean in the last quarter, against t from {@code t0} (the last
     * phase's start), on linear axes: the study's Figure 2 inset, where the end of the quench must
     * show no downward drift.
     */
    static XYChart lossRelativeToTail(String title, List<Curve> curves, double t0) {
        XYChart chart = base(title, "mean-field time t", "test loss / its mean over the last quarter", PANEL_WIDTH,
                PANEL_HEIGHT);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        for (int k = 0; k < curves.size(); k++) {
            Curve curve = curves.get(k).relativeToTail(t0);
            if (curve.t().length == 0) {
                continue;
            }
            addCurve(chart, curve, k, curves.size());
        }
        return chart;
    }

    /** Curve {@code k} of {@code count} as a line, named by its n (and realisations), coloured by its place. */
    private static void addCurve(XYChart chart, Curve curve, int k, int count) {
        String name = "n = " + curve.n() + (curve.seeds() > 1 ? " (" + curve.seeds() + ")" : "");
        XYSeries series = chart.addSeries(name, curve.t(), curve.loss());
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(sequential(k, count));
        series.setLineStyle(new BasicStroke(1.6f));
    }

    /** A filled histogram of one per-particle quantity. */
    static XYChart histogram(String title, ParticleBins bins) {
        XYChart chart = base(title, bins.quantity(), "particles", PANEL_WIDTH * 2 / 3, PANEL_HEIGHT * 3 / 4);
        chart.getStyler().setLegendVisible(false);
        double[] edges = bins.edges();
        long[] counts = bins.counts();
        // The outline of the bars as one polygon: up, across, down at every edge.
        double[] x = new double[2 * counts.length + 2];
        double[] y = new double[x.length];
        int k = 0;
        x[k] = edges[0];
        y[k++] = 0;
        for (int b = 0; b < counts.length; b++) {
            x[k] = edges[b];
            y[k++] = counts[b];
            x[k] = edges[b + 1];
            y[k++] = counts[b];
        }
        x[k] = edges[counts.length];
        y[k] = 0;
        XYSeries series = chart.addSeries(bins.quantity(), x, y);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(CATEGORICAL[0]);
        series.setFillColor(new Color(0x4E, 0x79, 0xA7, 0x90));
        Range range = new Range();
        range.add(edges);
        double[] nice = nice(range.min, range.max);
        chart.getStyler().setXAxisMin(nice[0]).setXAxisMax(nice[1]);
        Range counts0 = new Range();
        counts0.add(y);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(nice(0, counts0.max)[1]);
        return chart;
    }

    /**
     * One fitted group's data in a scaling plot.
     *
     * @param label the group's label (distinct within a plot: it names the series)
     * @param n n of the runs in the fit's range
     * @param loss their settled losses
     * @param excludedN n of the runs below the range
     * @param excludedLoss their settled losses
     * @param fit the fit over the range (not null: groups without one stay off the plot)
     * @param range the range in words, e.g. "n >= 64"
     */
    record ScalingSeries(String label, double[] n, double[] loss, double[] excludedN, double[] excludedLoss,
            SlopeFit fit, String range) {
        ScalingSeries {
            if (fit == null) {
                throw new IllegalArgumentException(label + ": a group without a fit has no place in a scaling plot");
            }
        }
    }

    /** The colour of group k of a scaling plot. */
    static Color groupColor(int k) {
        return CATEGORICAL[k % CATEGORICAL.length];
    }

    /** The marker of group k of a scaling plot. */
    static Marker groupMarker(int k) {
        return MARKERS[k % MARKERS.length];
    }

    /**
     * Settled loss against n on log-log axes: each group its own colour and marker, each run a point
     * (runs below the group's range paler), each fit a line over its range, the legend (on the points)
     * giving slope, interval and range; dotted n^-1 and n^-2 lines from the highest group's
     * geometric-mean loss at the smallest n, for reference. Labels must be distinct (they name the
     * series).
     */
    static XYChart scaling(String title, List<ScalingSeries> groups) {
        return scaling(title, "settled test loss (mean over the last quarter of t)", groups);
    }

    /** As {@link #scaling(String, List)}, of another settled quantity, named {@code yTitle} on its axis. */
    static XYChart scaling(String title, String yTitle, List<ScalingSeries> groups) {
        XYChart chart = base(title, "n (particles)", yTitle, 900, 520 + 18 * groups.size());
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setMarkerSize(7);
        Range x = new Range();
        Range y = new Range();
        for (ScalingSeries g : groups) {
            x.add(g.n());
            x.add(g.excludedN());
            y.add(g.loss());
            y.add(g.excludedLoss());
        }
        double anchor = 0;
        for (ScalingSeries g : groups) {
            anchor = Math.max(anchor, geometricMeanAt(g, x.min));
        }
        for (int k = 0; k < groups.size(); k++) {
            ScalingSeries g = groups.get(k);
            Color color = groupColor(k);
            Marker marker = groupMarker(k);
            SlopeFit fit = g.fit();
            // The points carry the legend entry: colour and marker together tell the group.
            XYSeries points = chart.addSeries(g.label() + fitText(fit) + ", " + g.range(), g.n(), g.loss());
            points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            points.setMarker(marker);
            points.setMarkerColor(color);
            if (g.excludedN().length > 0) {
                XYSeries excluded = chart.addSeries(g.label() + " below its range", g.excludedN(), g.excludedLoss());
                excluded.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                excluded.setMarker(marker);
                excluded.setMarkerColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 0x50));
                excluded.setShowInLegend(false);
            }
            XYSeries line = chart.addSeries(g.label() + " fit", new double[] {fit.nMin(), fit.nMax()},
                    new double[] {fit.at(fit.nMin()), fit.at(fit.nMax())});
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(color);
            line.setLineStyle(new BasicStroke(2f));
            line.setShowInLegend(false);
        }
        if (anchor > 0 && x.max > x.min) {
            reference(chart, "n^-1", x.min, x.max, anchor, -1, y.min, Color.GRAY);
            reference(chart, "n^-2", x.min, x.max, anchor, -2, y.min, Color.DARK_GRAY);
        }
        x.logAxis(chart, true);
        y.logAxis(chart, false);
        return chart;
    }

    /** ": slope -1.02 [-1.10, -0.95]", or " (no fit)" without a fit. */
    static String fitText(SlopeFit fit) {
        if (fit == null) {
            return " (no fit)";
        }
        String text = ": slope " + Num.slope(fit.slope());
        if (fit.hasInterval()) {
            text += " [" + Num.slope(fit.lower()) + ", " + Num.slope(fit.upper()) + "]";
        }
        return text;
    }

    /** The geometric mean of a group's losses at n (0 if it has no run there). */
    private static double geometricMeanAt(ScalingSeries g, double n) {
        double sum = 0;
        int count = 0;
        for (double[][] pair : new double[][][] {{g.n(), g.loss()}, {g.excludedN(), g.excludedLoss()}}) {
            for (int i = 0; i < pair[0].length; i++) {
                if (pair[0][i] == n) {
                    sum += Math.log(pair[1][i]);
                    count++;
                }
            }
        }
        return count == 0 ? 0 : Math.exp(sum / count);
    }

    /**
     * A dotted line anchor (n / nLo)^power from nLo, stopped where it leaves the data's loss range
     * (an n^-2 line over three decades would otherwise squash the data into the top of the plot).
     */
    private static void reference(XYChart chart, String name, double nLo, double nHi, double anchor, double power,
            double lossFloor, Color color) {
        double end = Math.min(nHi, nLo * Math.pow(Math.min(lossFloor / anchor, 1), 1 / power));
        XYSeries series = chart.addSeries(name, new double[] {nLo, end},
                new double[] {anchor, anchor * Math.pow(end / nLo, power)});
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineStyle(SeriesLines.DOT_DOT);
    }

    /** The extent of some data, finite positive values only for log axes. */
    private static final class Range {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double positiveMin = Double.POSITIVE_INFINITY;

        void add(double[] values) {
            for (double v : values) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    if (v > 0) {
                        positiveMin = Math.min(positiveMin, v);
                    }
                }
            }
        }

        /**
         * Pads a log axis by a quarter on each side, then widens it to the decade below, and if need
         * be the decade above, until it holds two powers of ten: XChart labels only those, so an axis
         * inside one decade would have no labels at all.
         */
        void logAxis(XYChart chart, boolean xAxis) {
            if (!(positiveMin <= max)) {
                return;
            }
            double lo = positiveMin / 1.25;
            double hi = max * 1.25;
            if (powersOfTen(lo, hi) < 2) {
                lo = Math.pow(10, Math.floor(Math.log10(lo)));
            }
            if (powersOfTen(lo, hi) < 2) {
                hi = Math.pow(10, Math.ceil(Math.log10(hi)));
            }
            if (powersOfTen(lo, hi) < 2) {
                hi = lo * 10;
            }
            if (xAxis) {
                chart.getStyler().setXAxisMin(lo).setXAxisMax(hi);
            } else {
                chart.getStyler().setYAxisMin(lo).setYAxisMax(hi);
            }
        }
    }

    /** How many powers of ten lie in [lo, hi]. */
    private static long powersOfTen(double lo, double hi) {
        return (long) Math.floor(Math.log10(hi) + 1e-9) - (long) Math.ceil(Math.log10(lo) - 1e-9) + 1;
    }

    /**
     * [lo, hi] around [min, max] on multiples of a 1-2-5 step giving five to ten ticks: XChart starts
     * its ticks at the axis minimum, so a raw data minimum gives labels like -36.768520355.
     */
    static double[] nice(double min, double max) {
        if (!(max > min)) {
            double pad = Math.max(Math.abs(min), 1);
            return new double[] {min - pad, max + pad};
        }
        double raw = (max - min) / 8;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude * (raw / magnitude <= 1 ? 1 : raw / magnitude <= 2 ? 2 : raw / magnitude <= 5 ? 5 : 10);
        return new double[] {Math.floor(min / step) * step, Math.ceil(max / step) * step};
    }

    static XYChart base(String title, String xTitle, String yTitle, int width, int height) {
        Title fitted = Title.fitted(title, width);
        XYChart chart = new XYChartBuilder().width(width).height(height).title(fitted.text()).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        Styler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setLegendBorderColor(GRID);
        s.setChartTitleBoxBackgroundColor(Color.WHITE);
        s.setChartTitleBoxBorderColor(Color.WHITE);
        s.setChartTitleFont(fitted.font());
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setAntiAlias(true);
        chart.getStyler().setPlotGridLinesColor(GRID);
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        return chart;
    }

    /**
     * A chart title as drawn: XChart draws a title on one line, centred, and cuts off both ends of one
     * wider than the chart (a group label with its phases is), so a long title is set smaller, down to
     * {@link #SMALLEST_POINTS} points, and beyond that loses its middle to an ellipsis. The page's
     * caption keeps the whole label.
     */
    record Title(String text, Font font) {
        static final int POINTS = 13;
        static final int SMALLEST_POINTS = 9;
        /** Space kept free at each side of the title, in pixels. */
        static final int MARGIN = 10;
        private static final FontRenderContext CONTEXT = new FontRenderContext(null, true, true);

        /** {@code text} as it fits a chart {@code width} pixels wide. */
        static Title fitted(String text, int width) {
            double room = width - 2.0 * MARGIN;
            for (int points = POINTS; points >= SMALLEST_POINTS; points--) {
                Font font = font(points);
                if (width(text, font) <= room) {
                    return new Title(text, font);
                }
            }
            Font font = font(SMALLEST_POINTS);
            for (int kept = text.length() - 1; kept > 0; kept--) {
                String cut = text.substring(0, kept - kept / 2) + "\u2026" + text.substring(text.length() - kept / 2);
                if (width(cut, font) <= room) {
                    return new Title(cut, font);
                }
            }
            return new Title("\u2026", font);
        }

        static double width(String text, Font font) {
            return font.getStringBounds(text, CONTEXT).getWidth();
        }

        private static Font font(int points) {
            return new Font(Font.SANS_SERIF, Font.BOLD, points);
        }
    }

    /** Colour k of m along the sequential palette. */
    static Color sequential(int k, int m) {
        double at = m <= 1 ? 0 : (double) k / (m - 1) * (SEQUENTIAL.length - 1);
        int i = Math.min((int) at, SEQUENTIAL.length - 2);
        double f = at - i;
        Color a = SEQUENTIAL[i];
        Color b = SEQUENTIAL[i + 1];
        return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }
}
