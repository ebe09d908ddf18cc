package org.meanfield.folder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Where a table's last phase starts: the time of the last row of an earlier phase. */
class MetricsTableTest {
    private static MetricsTable table(double[] t, int[] phase) {
        int rows = t.length;
        long[] step = new long[rows];
        double[] loss = new double[rows];
        for (int k = 0; k < rows; k++) {
            step[k] = 10L * k;
            loss[k] = 1.0 / (k + 1);
        }
        return new MetricsTable(step, t, loss, loss, phase, loss, loss);
    }

    @Test
    void theLastPhaseStartsAtTheLastRowOfTheOneBefore() {
        // The row at a phase's end carries that phase's number: t = 2 ends phase 0, t = 5 ends phase 1.
        MetricsTable m = table(new double[] {0, 1, 2, 3, 4, 5, 6, 7}, new int[] {0, 0, 0, 1, 1, 1, 2, 2});
        assertEquals(5.0, m.lastPhaseStart());
    }

    @Test
    void aRunOfOnePhaseStartsItAtZero() {
        assertEquals(0.0, table(new double[] {0, 1, 2}, new int[] {0, 0, 0}).lastPhaseStart());
    }
}
