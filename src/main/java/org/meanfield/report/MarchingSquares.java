package org.meanfield.report;

/**
 * Contour lines of a function sampled on a rectangular grid, as line segments (marching squares,
 * linear interpolation along the cell edges). A saddle cell (opposite corners on the same side) is
 * resolved by the value at the cell's centre, the mean of its corners.
 */
final class MarchingSquares {
    private MarchingSquares() {
    }

    /**
     * The segments of the level set {v = level} of the values {@code v[i][j]} at (x[j], y[i]).
     *
     * @param x the grid's abscissae, increasing (the columns)
     * @param y the grid's ordinates, increasing (the rows)
     * @param v the values, {@code v.length == y.length}, {@code v[i].length == x.length}
     * @return the segments, four numbers each: x0, y0, x1, y1
     */
    static double[] segments(double[] x, double[] y, double[][] v, double level) {
        if (v.length != y.length) {
            throw new IllegalArgumentException("rows: " + v.length + " values against " + y.length + " ordinates");
        }
        Buffer out = new Buffer();
        for (int i = 0; i + 1 < y.length; i++) {
            if (v[i].length != x.length || v[i + 1].length != x.length) {
                throw new IllegalArgumentException("row " + i + " has not " + x.length + " values");
            }
            for (int j = 0; j + 1 < x.length; j++) {
                cell(x[j], x[j + 1], y[i], y[i + 1], v[i][j], v[i][j + 1], v[i + 1][j + 1], v[i + 1][j], level, out);
            }
        }
        return out.toArray();
    }

    /**
     * One cell, corners counter-clockwise from (x0, y0): a = (x0, y0), b = (x1, y0), c = (x1, y1),
     * d = (x0, y1). A corner at or above the level counts as above; cells with a non-finite corner
     * are skipped.
     */
    private static void cell(double x0, double x1, double y0, double y1, double a, double b, double c, double d,
            double level, Buffer out) {
        if (!(Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(c) && Double.isFinite(d))) {
            return;
        }
        int index = (a >= level ? 1 : 0) | (b >= level ? 2 : 0) | (c >= level ? 4 : 0) | (d >= level ? 8 : 0);
        if (index == 0 || index == 15) {
            return;
        }
        // The crossing points on the four edges (only those the case uses are read).
        double bottomX = x0 + fraction(a, b, level) * (x1 - x0);
        double rightY = y0 + fraction(b, c, level) * (y1 - y0);
        double topX = x0 + fraction(d, c, level) * (x1 - x0);
        double leftY = y0 + fraction(a, d, level) * (y1 - y0);
        switch (index) {
            case 1, 14 -> out.add(x0, leftY, bottomX, y0);
            case 2, 13 -> out.add(bottomX, y0, x1, rightY);
            case 3, 12 -> out.add(x0, leftY, x1, rightY);
            case 4, 11 -> out.add(x1, rightY, topX, y1);
            case 6, 9 -> out.add(bottomX, y0, topX, y1);
            case 7, 8 -> out.add(x0, leftY, topX, y1);
            case 5, 10 -> {
                // Saddle: a and c on one side, b and d on the other.
                boolean centreAbove = (a + b + c + d) / 4 >= level;
                boolean acAbove = index == 5;
                if (centreAbove == acAbove) {
                    // a and c joined through the centre: cut off b and d.
                    out.add(bottomX, y0, x1, rightY);
                    out.add(x0, leftY, topX, y1);
                } else {
                    // b and d joined: cut off a and c.
                    out.add(x0, leftY, bottomX, y0);
                    out.add(x1, rightY, topX, y1);
                }
            }
            default -> throw new AssertionError(index);
        }
    }

    /** Where along the edge from value p to value q the level lies, in [0, 1]. */
    private static double fraction(double p, double q, double level) {
        double f = (level - p) / (q - p);
        return Double.isFinite(f) ? Math.max(0, Math.min(1, f)) : 0.5;
    }

    private static final class Buffer {
        private double[] data = new double[64];
        private int size;

        void add(double xa, double ya, double xb, double yb) {
            if (size + 4 > data.length) {
                data = java.util.Arrays.copyOf(data, 2 * data.length);
            }
            data[size++] = xa;
            data[size++] = ya;
            data[size++] = xb;
            data[size++] = yb;
        }

        double[] toArray() {
            return java.util.Arrays.copyOf(data, size);
        }
    }
}
