package org.meanfield.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The t quantile the intervals use, against tables (scipy.stats.t.ppf), whole and fractional degrees of freedom. */
class StudentQuantileTest {
    @Test
    void quantilesMatchTables() {
        assertEquals(12.706204736, SlopeFit.t975(1), 1e-8);
        assertEquals(4.302652730, SlopeFit.t975(2), 1e-8);
        assertEquals(3.574654842, SlopeFit.t975(2.5), 1e-8);
        assertEquals(2.228138852, SlopeFit.t975(10), 1e-8);
        assertEquals(1.959963985, SlopeFit.t975(1e7), 1e-5);
    }
}
