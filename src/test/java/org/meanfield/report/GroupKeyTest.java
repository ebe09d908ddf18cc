package org.meanfield.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.meanfield.sweep.ResultRow;

/** Group names: safe, stable, and only the parameters that change a run. */
class GroupKeyTest {
    private static ResultRow row(String unit, String dynamics, int n, long seed, int sample, double temperature) {
        return new ResultRow("r" + n + "-" + seed + "-" + sample, "b", unit, 25, n, dynamics, 0.05, "64", Integer.toString(sample), 0.04,
                temperature, 0, seed, 1, 60000, 3000, 1.0 / n, 0.01, 0.1, 1.0 / n, 0.1, 10, 1, ResultRow.DONE);
    }

    @Test
    void namesCarryWhatChangesARun() {
        assertEquals("relu-d25-sgd-dt0.05-P64-t3000", GroupKey.of(row("relu", "sgd", 64, 1, 4096, 0)).name());
        assertEquals("relu-d25-gd-dt0.05-M4096-t3000", GroupKey.of(row("relu", "gd", 64, 1, 4096, 0)).name());
        assertEquals("gaussian-d25-exact-dt0.05-alpha0.04-t3000",
                GroupKey.of(row("gaussian", "exact", 64, 1, 4096, 0)).name());
        assertEquals("sigmoid-d25-sgd-dt0.05-P64-T0.0001-t3000",
                GroupKey.of(row("sigmoid", "sgd", 64, 1, 4096, 1e-4)).name());
        assertEquals("relu d=25 sgd dt=0.05 P=64 t=3000", GroupKey.of(row("relu", "sgd", 64, 1, 4096, 0)).label());
        assertTrue(GroupKey.of(row("re lu/..", "sgd", 64, 1, 4096, 0)).name().matches("[A-Za-z0-9.\\-_]+"));
    }

    @Test
    void nAndSeedDoNotSplitAGroup() {
        List<Group> groups = Group.of(List.of(row("relu", "sgd", 128, 2, 4096, 0), row("relu", "sgd", 64, 1, 4096, 0),
                row("relu", "sgd", 64, 2, 4096, 0)));
        assertEquals(1, groups.size());
        assertEquals(List.of(64, 64, 128), groups.get(0).runs().stream().map(ResultRow::n).toList());
        assertEquals(64, groups.get(0).byN().keySet().iterator().next());
        assertEquals(128, groups.get(0).showcase().n());
    }

    @Test
    void groupsThatDifferOnlyInAnOmittedParameterGetDistinctStableNames() {
        List<Group> groups = Group.of(List.of(row("relu", "sgd", 64, 1, 4096, 0), row("relu", "sgd", 64, 1, 1024, 0)));
        assertEquals(2, groups.size());
        assertNotEquals(groups.get(0).name(), groups.get(1).name());
        assertTrue(groups.get(0).name().matches("relu-d25-sgd-dt0.05-P64-t3000-[0-9a-f]{8}"), groups.get(0).name());
        assertEquals(groups, Group.of(List.of(row("relu", "sgd", 64, 1, 1024, 0), row("relu", "sgd", 64, 1, 4096, 0))));
    }

    /** A run of {@code row}'s with batch {@code batch} (as given) and {@code phases} (the results.csv cell). */
    private static ResultRow sized(int n, long targetSeed, String batch, String phases) {
        return timed(n, targetSeed, batch, phases, 10);
    }

    /** {@link #sized}, ending at mean-field time {@code t} (1000 steps at Δt = 0.01 unless phases change it). */
    private static ResultRow timed(int n, long targetSeed, String batch, String phases, double t) {
        return new ResultRow("r" + n + "-" + targetSeed, "b", "sigmoid", 10, n, "sgd", 0.01, batch, "4096", 0.1, 0, 0,
                1, targetSeed, 1000, t, 1.0 / n, 0.01, 0.1, 1.0 / n, 0.1, 10, 1, ResultRow.DONE, 0, 0, 0, 0, 0, 0,
                phases);
    }

    @Test
    void aBatchThatGrowsWithNKeepsOneGroupAcrossN() {
        List<Group> groups = Group.of(List.of(sized(32, 1, "n/5", ""), sized(64, 1, "n/5", ""),
                sized(64, 2, "n/5", ""), sized(64, 1, "16", "")));
        assertEquals(2, groups.size());
        assertEquals("16", groups.get(0).key().batch()); // integers before expressions
        assertEquals(3, groups.get(1).runs().size());
        assertEquals("sigmoid d=10 sgd dt=0.01 P=n/5 t=10", groups.get(1).key().label());
        assertEquals("sigmoid-d10-sgd-dt0.01-P8-t10", GroupKey.of(sized(32, 1, "8", "")).name());
    }

    @Test
    void phasesThatSetTheBatchReplaceTheRunLevelOne() {
        String quench = "steps=2000000 batch=n/5;batch=(n/5)^2";
        List<Group> groups = Group.of(List.of(sized(32, 1, "64", quench), sized(64, 1, "64", quench),
                sized(64, 1, "64", "")));
        assertEquals(2, groups.size());
        GroupKey phased = groups.stream().map(Group::key).filter(k -> !k.phases().isEmpty()).findFirst().orElseThrow();
        assertEquals("sigmoid d=10 sgd dt=0.01 phases=" + quench + " t=10", phased.label());
        assertTrue(phased.name().matches("[A-Za-z0-9.\\-_]+"), phased.name());
    }

    @Test
    void theFinalTimeCountsThePhasesOwnSteps() {
        // 500 steps at the run's dt = 0.01, then 500 at 0.005: t = 7.5, not 1000 * 0.01.
        String quench = "steps=500;dt=0.005";
        GroupKey phased = GroupKey.of(timed(64, 1, "16", quench, 7.5));
        assertEquals(7.5, phased.t());
        assertTrue(phased.label().endsWith(" t=7.5"), phased.label());
        assertTrue(phased.name().endsWith("-t7.5"), phased.name());
    }

    @Test
    void compactNumbers() {
        assertEquals("3000", Num.compact(3000.0));
        assertEquals("0.05", Num.compact(0.05));
        assertEquals("0.333333", Num.compact(1.0 / 3));
        assertEquals("0.0001", Num.compact(1e-4));
        assertEquals("1e-9", Num.compact(1e-9));
    }
}
