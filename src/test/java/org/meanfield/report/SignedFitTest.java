package org.meanfield.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.meanfield.sweep.ResultRow;

/** The signed errors' fits: as the loss's where every value is positive, none where the sign is not constant. */
class SignedFitTest {
    private static ResultRow row(int n, int targetSeed, double pos, double neg) {
        double loss = 1.0 / n;
        return SweepFixture.withSignedErrors(new ResultRow("r" + n + "-" + targetSeed, "b", "sigmoid", 10, n, "sgd",
                0.05, "64", "4096", 0.1, 0, 0, 1, targetSeed, 100, 5, loss, loss / 100, loss, loss, loss, 1, 1,
                ResultRow.DONE), pos, neg);
    }

    @Test
    void positiveValuesAreFittedAndASignChangeIsNot() {
        // e+ = 0.4 n^-1 exactly for three target realisations; e- = 0.1 n^-1 but negative at n = 256 for
        // one realisation: e+ fits to slope -1 with three per-realisation slopes, e- has no fit over n
        // (one of nine runs <= 0: dropping it would bias the fit, fitting |e-| would hide the change of sign).
        List<ResultRow> rows = new ArrayList<>();
        for (int n : new int[] {16, 64, 256}) {
            for (int target = 1; target <= 3; target++) {
                double neg = n == 256 && target == 2 ? -0.0002 : 0.1 / n * (1 + 0.01 * target);
                rows.add(row(n, target, 0.4 / n * (1 + 0.01 * target), neg));
            }
        }
        Group group = Group.of(rows).get(0);
        SignedFit pos = SignedFit.of(group, SignedError.POSITIVE, 0);
        assertNotNull(pos.fit(), pos.reason());
        assertEquals(-1, pos.fit().slope(), 1e-12);
        assertEquals(9, pos.fit().points());
        assertEquals(3, pos.seeds().seeds(), "realisations are target seeds, as for the loss");
        assertNull(pos.reason());

        SignedFit neg = SignedFit.of(group, SignedError.NEGATIVE, 0);
        assertNull(neg.fit());
        assertEquals(1, neg.nonPositive());
        assertEquals("1 of 9 runs with any n have tail_test_err_neg <= 0 (the sign is not constant): no log-log fit",
                neg.reason());
    }

    @Test
    void runsWithoutTheValueAreCountedNotFitted() {
        double nan = Double.NaN;
        List<ResultRow> rows = List.of(row(16, 1, nan, nan), row(64, 1, nan, nan), row(256, 1, 0.001, 0.002));
        SignedFit fit = SignedFit.of(Group.of(rows).get(0), SignedError.POSITIVE, 32);
        assertNull(fit.fit());
        assertEquals(1, fit.unmeasured());
        assertEquals(1, fit.runs().size());
        assertTrue(fit.reason().startsWith("fewer than two values of n with n >= 32 and a measured tail_test_err_pos (1 runs"),
                fit.reason());
    }
}
