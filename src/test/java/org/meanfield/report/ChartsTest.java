package org.meanfield.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.meanfield.sweep.ResultRow;

/** The scaling plot as built (series, colours, markers, ranges), not as drawn. */
class ChartsTest {
    /** A relu SGD row of dimension d: loss 1/n, a little scatter by seed. */
    private static ResultRow row(String block, int d, int n, int seed) {
        double loss = (1 + 0.02 * seed) / n;
        return new ResultRow(block + "/n" + n + "-seed" + seed, block, "relu", d, n, "sgd", 0.05, "64", "4096", 1.0 / d,
                0, 0, seed, 1, 200, 10, loss, loss / 100, loss, loss, loss, 1, 1, ResultRow.DONE);
    }

    /** Groups d = 1..count, each over n = 16..256 with two seeds; every third a single n (no fit). */
    private static List<SweepReport.GroupFit> groupFits(int count, int minN) {
        List<ResultRow> rows = new ArrayList<>();
        for (int d = 1; d <= count; d++) {
            int[] ns = d % 3 == 0 ? new int[] {64} : new int[] {16, 32, 64, 128, 256};
            for (int n : ns) {
                for (int seed = 1; seed <= 2; seed++) {
                    rows.add(row("b" + d, d, n, seed));
                }
            }
        }
        List<SweepReport.GroupFit> fits = new ArrayList<>();
        for (Group g : Group.of(rows)) {
            fits.add(SweepReport.GroupFit.of(g, new FitRanges.Range(minN, "test")));
        }
        return fits;
    }

    @Test
    void everyFittedGroupHasItsOwnColourAndMarkerAndUnfittedGroupsStayOff() {
        // 25 groups, 17 of them with a fit: more than the ten colours and the seven markers.
        List<SweepReport.GroupFit> fits = groupFits(25, 0);
        List<SweepReport.ScalingPlot> plots = SweepReport.scalingPlots(fits);
        assertEquals(1, plots.size());
        SweepReport.ScalingPlot plot = plots.get(0);
        List<XYSeries> legend = plot.chart().getSeriesMap().values().stream().filter(XYSeries::isShowInLegend)
                .filter(s -> !s.getName().startsWith("n^-")).toList();
        long fitted = fits.stream().filter(f -> f.fit() != null).count();
        assertEquals(17, fitted);
        assertEquals(fitted, legend.size(), "one legend entry per fitted group");
        Set<String> looks = new HashSet<>();
        for (XYSeries s : legend) {
            assertTrue(looks.add(s.getMarkerColor() + " " + s.getMarker().getClass().getSimpleName()),
                    s.getName() + " looks like another group");
        }
        // The groups without a fit are listed, not drawn.
        assertEquals(8, plot.left().size());
        for (SweepReport.GroupFit left : plot.left()) {
            assertNull(left.fit());
            String label = left.group().key().label();
            assertFalse(plot.chart().getSeriesMap().keySet().stream().anyMatch(name -> name.startsWith(label + ":")
                    || name.startsWith(label + " ")), label + " is in the plot");
            assertTrue(left.reason().contains("one value of n"), left.reason());
        }
    }

    @Test
    void neighbouringGroupsDifferInColourAndInMarker() {
        for (int k = 0; k < 69; k++) {
            assertFalse(Charts.groupColor(k).equals(Charts.groupColor(k + 1)), "colour " + k);
            assertFalse(Charts.groupMarker(k) == Charts.groupMarker(k + 1), "marker " + k);
        }
    }

    @Test
    void theFitLineCoversTheRangeOnlyAndTheLegendSaysIt() {
        List<SweepReport.GroupFit> fits = groupFits(2, 64);
        XYChart chart = SweepReport.scalingPlots(fits).get(0).chart();
        String label = fits.get(0).group().key().label();
        XYSeries line = chart.getSeriesMap().get(label + " fit");
        assertArrayEquals(new double[] {64, 256}, line.getXData(), 0);
        assertFalse(line.isShowInLegend());
        XYSeries below = chart.getSeriesMap().get(label + " below its range");
        assertArrayEquals(new double[] {16, 16, 32, 32}, below.getXData(), 0);
        assertFalse(below.isShowInLegend());
        XYSeries points = chart.getSeriesMap().values().stream()
                .filter(s -> s.isShowInLegend() && s.getName().startsWith(label + ": slope")).findFirst().orElseThrow();
        assertTrue(points.getName().endsWith(", n >= 64"), points.getName());
        assertEquals(line.getLineColor(), points.getMarkerColor());
        assertEquals(points.getMarker(), below.getMarker());
        assertEquals(6, points.getXData().length);
    }

    @Test
    void aGroupWithoutAFitCannotBeASeries() {
        assertThrows(IllegalArgumentException.class, () -> new Charts.ScalingSeries("x", new double[] {64},
                new double[] {1}, new double[0], new double[0], null, "all n"));
    }

    @Test
    void aUnitWithNoFittedGroupHasNoChart() {
        List<SweepReport.GroupFit> fits = groupFits(2, 512);
        SweepReport.ScalingPlot plot = SweepReport.scalingPlots(fits).get(0);
        assertNull(plot.chart());
        assertEquals(2, plot.left().size());
        assertTrue(plot.left().get(0).reason().contains("fewer than two values of n >= 512"),
                plot.left().get(0).reason());
    }

    @Test
    void aTitleWiderThanItsChartIsSetSmallerThenCutInTheMiddle() {
        Charts.Title shortTitle = Charts.Title.fitted("sigmoid d=10", Charts.PANEL_WIDTH);
        assertEquals("sigmoid d=10", shortTitle.text());
        assertEquals(Charts.Title.POINTS, shortTitle.font().getSize());

        double room = Charts.PANEL_WIDTH - 2.0 * Charts.Title.MARGIN;
        String label = "sigmoid d=10 sgd dt=0.01 phases=steps=2000000 batch=n/5;batch=(n/5)^2 dt=0.005 t=40000";
        Charts.Title smaller = Charts.Title.fitted(label, Charts.PANEL_WIDTH);
        assertEquals(label, smaller.text(), "shrinking alone fits this one");
        assertTrue(smaller.font().getSize() < Charts.Title.POINTS, "set smaller: " + smaller.font());
        assertTrue(Charts.Title.width(label, smaller.font().deriveFont((float) smaller.font().getSize() + 1)) > room,
                "the largest size that fits");

        String longer = label + " " + label;
        Charts.Title cut = Charts.Title.fitted(longer, Charts.PANEL_WIDTH);
        assertEquals(Charts.Title.SMALLEST_POINTS, cut.font().getSize());
        assertTrue(Charts.Title.width(cut.text(), cut.font()) <= room, cut.text());
        String[] ends = cut.text().split("\u2026", -1);
        assertEquals(2, ends.length, cut.text());
        assertTrue(longer.startsWith(ends[0]) && longer.endsWith(ends[1]) && ends[0].length() > 20, cut.text());
        assertEquals(cut.text(), Charts.base(longer, "x", "y", Charts.PANEL_WIDTH, Charts.PANEL_HEIGHT).getTitle());
    }
}
