package org.meanfield.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MarchingSquaresTest {

    private static double[] axis(double lo, double hi, int points) {
        double[] a = new double[points];
        for (int k = 0; k < points; k++) {
            a[k] = lo + (hi - lo) * k / (points - 1);
        }
        return a;
    }

    @Test
    void aParaboloidsLevelSetIsTheCircleOfThatRadius() {
        double[] x = axis(-2, 2, 81);
        double[] y = axis(-1.5, 1.5, 61);
        double[][] v = new double[y.length][x.length];
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < x.length; j++) {
                v[i][j] = x[j] * x[j] + y[i] * y[i];
            }
        }
        for (double radius : new double[] {0.5, 1.0, 1.3}) {
            double[] s = MarchingSquares.segments(x, y, v, radius * radius);
            assertEquals(0, s.length % 4);
            double length = 0;
            for (int k = 0; k < s.length; k += 2) {
                // Linear interpolation on a grid of spacing h = 0.05 is off by O(h^2) at most.
                assertEquals(radius, Math.hypot(s[k], s[k + 1]), 2e-3, "endpoint of level " + radius * radius);
            }
            for (int k = 0; k < s.length; k += 4) {
                length += Math.hypot(s[k + 2] - s[k], s[k + 3] - s[k + 1]);
            }
            assertEquals(2 * Math.PI * radius, length, 2e-2 * radius, "the contour's length");
        }
        // A level outside the field's range has no contour; one just above the minimum a small loop.
        assertEquals(0, MarchingSquares.segments(x, y, v, 100).length);
        assertEquals(0, MarchingSquares.segments(x, y, v, -1).length);
    }

    @Test
    void aLinearFieldGivesStraightSegmentsOnTheLevel() {
        double[] x = {0, 1, 2, 3};
        double[] y = {0, 1, 2};
        double[][] v = new double[3][4];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                v[i][j] = 2 * x[j];
            }
        }
        // v = 2x, level 3: the line x = 1.5, crossing the two cell rows of column 1.
        double[] s = MarchingSquares.segments(x, y, v, 3);
        assertEquals(8, s.length);
        for (int k = 0; k < s.length; k += 2) {
            assertEquals(1.5, s[k], 1e-15);
        }
        assertArrayEquals(new double[] {0, 1, 1, 2},
                new double[] {Math.min(s[1], s[3]), Math.max(s[1], s[3]), Math.min(s[5], s[7]), Math.max(s[5], s[7])});
    }

    @Test
    void aSaddleCellFollowsItsCentre() {
        double[] x = {0, 1};
        double[] y = {0, 1};
        // Corners a = (0,0), b = (1,0), c = (1,1), d = (0,1); a and c above the level 0.
        double[][] centreAbove = {{1, -0.5}, {-0.5, 1}};
        double[] s = MarchingSquares.segments(x, y, centreAbove, 0);
        // The centre (mean 0.25) is above: b and d are cut off, each by a segment near its corner.
        assertEquals(8, s.length);
        assertCutsCorner(s, 0, 1, 0);
        assertCutsCorner(s, 4, 0, 1);
        double[][] centreBelow = {{0.5, -1}, {-1, 0.5}};
        s = MarchingSquares.segments(x, y, centreBelow, 0);
        assertEquals(8, s.length);
        assertCutsCorner(s, 0, 0, 0);
        assertCutsCorner(s, 4, 1, 1);
    }

    /** The segment at {@code k} has both ends on the two edges that meet at corner (cx, cy). */
    private static void assertCutsCorner(double[] s, int k, double cx, double cy) {
        for (int e = k; e < k + 4; e += 2) {
            boolean onVertical = s[e] == cx && Math.abs(s[e + 1] - cy) < 1;
            boolean onHorizontal = s[e + 1] == cy && Math.abs(s[e] - cx) < 1;
            assertEquals(true, onVertical || onHorizontal,
                    "end (" + s[e] + ", " + s[e + 1] + ") is on an edge at corner (" + cx + ", " + cy + ")");
        }
    }

    @Test
    void mismatchedShapesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> MarchingSquares.segments(new double[] {0, 1}, new double[] {0, 1, 2}, new double[2][2], 0));
        assertThrows(IllegalArgumentException.class,
                () -> MarchingSquares.segments(new double[] {0, 1, 2}, new double[] {0, 1}, new double[2][2], 0));
    }
}
