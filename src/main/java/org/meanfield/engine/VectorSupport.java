package org.meanfield.engine;

/** Facts about the Vector API on this machine, loaded only when the incubator module is present. */
public final class VectorSupport {
    private VectorSupport() {
    }

    /** Floats per preferred vector (8 with AVX2, 16 with AVX-512). */
    public static int lanes() {
        return VectorKernels.LANES;
    }

    /** Whether fused multiply-add is in hardware. */
    public static boolean fastFma() {
        return VectorKernels.FAST_FMA;
    }

    /** For example "256-bit species, 8 float lanes". */
    public static String describe() {
        return VectorKernels.SPECIES.vectorBitSize() + "-bit species, " + VectorKernels.LANES + " float lanes";
    }
}
