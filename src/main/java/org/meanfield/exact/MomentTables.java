package org.meanfield.exact;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link RadialTable}s of one dimension d, fitted once per JVM to the exact {@link SphereMoments}
 * (about 0.1 s) and shared: as functions of rho = R s,
 * <ul>
 *   <li>{@link #pairLog}: ln h_0 - rho, and {@link #pairRatio}: h_1 / h_0, for the pair loop;
 *   <li>{@link #oneBodyLog}(k) = ln h_k - rho for k = 2, 3, 4, for F and its gradient.
 * </ul>
 */
final class MomentTables {
    private static final ConcurrentHashMap<Integer, MomentTables> CACHE = new ConcurrentHashMap<>();

    final RadialTable pairLog;
    final RadialTable pairRatio;
    private final RadialTable[] oneBodyLog = new RadialTable[5];

    private MomentTables(int d) {
        SphereMoments moments = new SphereMoments(d);
        int binades = RadialTable.DEFAULT_BINADES;
        this.pairLog = new RadialTable(rho -> moments.logHScaledAtRho(0, rho), binades);
        this.pairRatio = new RadialTable(rho -> moments.ratioAtRho(0, rho), binades);
        for (int k = 2; k <= 4; k++) {
            int order = k;
            oneBodyLog[k] = new RadialTable(rho -> moments.logHScaledAtRho(order, rho), binades);
        }
    }

    /** The tables of dimension d (built on first use). */
    static MomentTables of(int d) {
        return CACHE.computeIfAbsent(d, MomentTables::new);
    }

    /** ln h_k - rho for k in {2, 3, 4}. */
    RadialTable oneBodyLog(int k) {
        return oneBodyLog[k];
    }
}
