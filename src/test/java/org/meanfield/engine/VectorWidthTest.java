package org.meanfield.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The width test mode is real: the kernels use the width -Dmeanfield.vector.bits forces (else the
 * preferred one), and no fused multiply-add when -Dmeanfield.vector.fma=false. pom.xml's vector-*
 * executions run this beside the kernel tests at each width.
 */
class VectorWidthTest {
    @Test
    void theKernelsUseTheForcedWidthOrThePreferredOne() {
        String bits = System.getProperty(VectorSupport.BITS_PROPERTY, "").trim();
        int expected = bits.isEmpty() ? FloatVector.SPECIES_PREFERRED.vectorBitSize() : Integer.parseInt(bits);
        assertEquals(expected, VectorKernels.SPECIES.vectorBitSize(), VectorSupport.describe());
        assertEquals(expected, VectorKernels.DOUBLES.vectorBitSize());
        assertEquals(expected / Float.SIZE, VectorSupport.lanes());
        if ("false".equals(System.getProperty(VectorSupport.FMA_PROPERTY))) {
            assertFalse(VectorSupport.fastFma(), "fma turned off");
        }
    }
}
