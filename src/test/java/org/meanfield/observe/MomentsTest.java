package org.meanfield.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Mean, sample variance and standard error of running sums, and their reuse after clearing. */
class MomentsTest {
    @Test
    void meanVarianceAndStandardErrorOfAHandCase() {
        Moments m = new Moments();
        m.add(99);
        m.clear();
        for (double v : new double[] {1, 2, 3, 4}) {
            m.add(v);
        }
        assertEquals(4, m.count());
        assertEquals(2.5, m.mean(), 1e-15);
        assertEquals(5.0 / 3, m.variance(), 1e-15);
        assertEquals(Math.sqrt(5.0 / 3), m.standardDeviation(), 1e-15);
        assertEquals(Math.sqrt(5.0 / 12), m.standardError(), 1e-15);
    }

    @Test
    void oneValueHasNoSpread() {
        Moments m = new Moments();
        m.add(7);
        assertEquals(7, m.mean());
        assertEquals(0, m.standardDeviation());
        assertEquals(0, m.standardError());
    }
}
