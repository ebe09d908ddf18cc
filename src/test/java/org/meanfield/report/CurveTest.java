package org.meanfield.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** A curve relative to the mean of the last quarter of the stretch from a given time. */
class CurveTest {
    @Test
    void relativeToTailKeepsThePointsFromT0OverTheMeanOfTheLastQuarter() {
        Curve c = new Curve(64, 3, new double[] {0, 2, 4, 5, 6, 7, 8}, new double[] {9, 8, 6, 5, 4, 3, 1});
        // From t0 = 4 to 8: the last quarter is t >= 7, mean loss (3 + 1) / 2 = 2.
        Curve r = c.relativeToTail(4);
        assertArrayEquals(new double[] {4, 5, 6, 7, 8}, r.t());
        assertArrayEquals(new double[] {3, 2.5, 2, 1.5, 0.5}, r.loss(), 1e-15);
    }

    @Test
    void nothingAfterT0GivesAnEmptyCurve() {
        Curve c = new Curve(8, 1, new double[] {0, 1}, new double[] {2, 1});
        assertArrayEquals(new double[0], c.relativeToTail(5).t());
    }
}
