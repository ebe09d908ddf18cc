package org.meanfield.engine;

import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.meanfield.model.Particles;
import org.meanfield.model.Unit;

/**
 * Picks the engine, after Lucene's VectorizationProvider: the vector engine when the
 * {@code jdk.incubator.vector} module is present and C2 will compile it (otherwise Vector API code
 * runs far slower than scalar code), the scalar reference engine otherwise; {@link #reason()} says
 * which and why in one line.
 */
public final class EngineProvider {
    private final boolean vectorUsable;
    private final String vectorReason;

    private EngineProvider(boolean vectorUsable, String vectorReason) {
        this.vectorUsable = vectorUsable;
        this.vectorReason = vectorReason;
    }

    /** Inspects this JVM once. */
    public static EngineProvider detect() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return new EngineProvider(false, "module jdk.incubator.vector is absent (run with --add-modules jdk.incubator.vector)");
        }
        HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (bean != null) {
            String tier = bean.getVMOption("TieredStopAtLevel").getValue();
            if (!"4".equals(tier)) {
                return new EngineProvider(false, "C2 is disabled (TieredStopAtLevel=" + tier + "), Vector API code would be slow");
            }
        }
        String fma = VectorSupport.fastFma() ? "with FMA" : "without FMA (mul+add)";
        return new EngineProvider(true, "Vector API, " + VectorSupport.describe() + ", " + fma);
    }

    /** Whether the vector engine can run here. */
    public boolean vectorUsable() {
        return vectorUsable;
    }

    /** One line: the reason for the choice of {@code auto}. */
    public String reason() {
        return vectorUsable ? "vector engine: " + vectorReason : "scalar engine: " + vectorReason;
    }

    /** The engine for {@code choice}; {@code vector} where it cannot run is an error. */
    public Engine create(KernelChoice choice, Unit unit, int d, Particles initial, int threads) {
        return useVector(choice) ? new VectorEngine(unit, d, initial, threads) : new ScalarEngine(unit, d, initial, threads);
    }

    /** Whether {@code choice} means the vector implementation here; {@code vector} where it cannot run is an error. */
    public boolean useVector(KernelChoice choice) {
        return switch (choice) {
            case AUTO -> vectorUsable;
            case SCALAR -> false;
            case VECTOR -> {
                if (!vectorUsable) {
                    throw new IllegalStateException("--kernel vector is not available: " + vectorReason);
                }
                yield true;
            }
        };
    }
}
