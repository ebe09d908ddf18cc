package org.meanfield.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Facts about the Vector API on this machine, loaded only when the incubator module is present.
 *
 * <p>The vector width is the preferred one unless {@code -Dmeanfield.vector.bits=128|256|512} forces
 * another (the Vector API runs a species wider than the hardware's in software, slowly: a test mode,
 * as Lucene's tests force each width), and {@code -Dmeanfield.vector.fma=false} replaces fused
 * multiply-adds by a multiply and an add. Both are read once, when the kernels' classes are
 * initialised, into {@code static final} species constants: a species held in a variable would box
 * every vector.
 */
public final class VectorSupport {
    /** The system property that forces a vector width in bits. */
    public static final String BITS_PROPERTY = "meanfield.vector.bits";
    /** The system property that turns fused multiply-add off when "false". */
    public static final String FMA_PROPERTY = "meanfield.vector.fma";

    private VectorSupport() {
    }

    /**
     * The vector shape forced by {@link #BITS_PROPERTY}, or the shape of
     * {@code FloatVector.SPECIES_PREFERRED} (not {@code VectorShape.preferredShape()}, which is 512
     * bits on this AVX2 machine with JDK 17).
     */
    static VectorShape shape() {
        String bits = System.getProperty(BITS_PROPERTY, "").trim();
        if (bits.isEmpty()) {
            return FloatVector.SPECIES_PREFERRED.vectorShape();
        }
        switch (bits) {
            case "128":
                return VectorShape.S_128_BIT;
            case "256":
                return VectorShape.S_256_BIT;
            case "512":
                return VectorShape.S_512_BIT;
            default:
                throw new IllegalArgumentException("-D" + BITS_PROPERTY + " must be 128, 256 or 512, got " + bits);
        }
    }

    /** The float species of {@link #shape()}: to be stored in a static final field. */
    public static VectorSpecies<Float> floatSpecies() {
        return FloatVector.SPECIES_PREFERRED.withShape(shape());
    }

    /** The int species of {@link #shape()}: to be stored in a static final field. */
    public static VectorSpecies<Integer> intSpecies() {
        return IntVector.SPECIES_PREFERRED.withShape(shape());
    }

    /** The double species of {@link #shape()}: to be stored in a static final field. */
    public static VectorSpecies<Double> doubleSpecies() {
        return DoubleVector.SPECIES_PREFERRED.withShape(shape());
    }

    /** Floats per vector (8 with AVX2, 16 with AVX-512, or what {@link #BITS_PROPERTY} forces). */
    public static int lanes() {
        return VectorKernels.LANES;
    }

    /** Whether fused multiply-add is in hardware and not turned off by {@link #FMA_PROPERTY}. */
    public static boolean fastFma() {
        return VectorKernels.FAST_FMA;
    }

    /** For example "256-bit species, 8 float lanes, 2-vector tiles". */
    public static String describe() {
        String forced = System.getProperty(BITS_PROPERTY, "").trim().isEmpty() ? "" : " (forced by -D" + BITS_PROPERTY + ")";
        return VectorKernels.SPECIES.vectorBitSize() + "-bit species" + forced + ", " + VectorKernels.LANES + " float lanes, "
                + (VectorKernels.WIDE_TILES ? 4 : 2) + "-vector tiles";
    }
}
