package org.meanfield.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The register tiles of two groups give the same bits as those of one: forward (phi and the f_n lane
 * sums) and backward (the gradient sums and the weighted store) of one chunk, every unit, at chunk
 * sizes of one to nine groups (odd counts leave a last group to the narrow tiles), coordinate counts
 * around the tiles' four, and awkward point counts. Runs at every width (pom.xml's vector-*
 * executions), so each width's tiles are compared, whichever the machine's registers choose.
 */
class VectorTilesTest {
    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (int unit : new int[] {VectorKernels.RELU, VectorKernels.SIGMOID, VectorKernels.GAUSSIAN}) {
            for (int groups : new int[] {1, 2, 3, 9}) {
                for (int d : new int[] {1, 3, 10, 25}) {
                    for (int points : new int[] {1, 5, 102, 128}) {
                        cases.add(Arguments.of(unit, groups, d, points));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "unit={0} groups={1} d={2} points={3}")
    @MethodSource("cases")
    void wideAndNarrowTilesGiveTheSameBits(int unit, int groups, int d, int points) {
        SplittableRandom random = new SplittableRandom(31L * groups + 7L * d + points + 1000L * unit);
        int nPad = groups * VectorKernels.BLOCK;
        int columns = unit == VectorKernels.GAUSSIAN ? d : d + 1;
        int dx = d + 1;
        int p0 = 3;
        int tiled = (points + VectorKernels.TILE - 1) / VectorKernels.TILE * VectorKernels.TILE;
        float[] z = gaussians(random, d * nPad, 1 / Math.sqrt(d));
        float[] c = gaussians(random, nPad, 1);
        float[] off = gaussians(random, nPad, 0.5);
        float[] xa = new float[(p0 + tiled) * dx];
        for (int p = 0; p < p0 + points; p++) {
            for (int k = 0; k < d; k++) {
                xa[p * dx + k] = (float) random.nextGaussian();
            }
            xa[p * dx + d] = 1f;
        }
        float[] r = gaussians(random, p0 + points, 0.3);
        float[] gc = gaussians(random, nPad, 0.1);
        float[] gz = gaussians(random, columns * nPad, 0.1);

        Pass wide = new Pass(true, unit, nPad, columns, gc, gz);
        Pass narrow = new Pass(false, unit, nPad, columns, gc, gz);
        wide.run(c, z, off, d, xa, dx, p0, points, r);
        narrow.run(c, z, off, d, xa, dx, p0, points, r);
        assertArrayEquals(narrow.forwardStore, wide.forwardStore, "phi");
        assertArrayEquals(narrow.lane, wide.lane, "f_n lane sums");
        assertArrayEquals(narrow.store, wide.store, "r phi'");
        assertArrayEquals(narrow.gc, wide.gc, "c gradient sums");
        assertArrayEquals(narrow.gz, wide.gz, "z gradient sums");
    }

    /** One chunk's forward then backward pass with one tile choice, on its own copies of the sums. */
    private static final class Pass {
        final boolean wide;
        final int unit;
        final int nPad;
        final int columns;
        final float[] gc;
        final float[] gz;
        final float[] store;
        final float[] lane = new float[VectorKernels.POINT_BLOCK * VectorKernels.LANES];
        float[] forwardStore;

        Pass(boolean wide, int unit, int nPad, int columns, float[] gc, float[] gz) {
            this.wide = wide;
            this.unit = unit;
            this.nPad = nPad;
            this.columns = columns;
            this.gc = gc.clone();
            this.gz = gz.clone();
            this.store = new float[nPad * VectorKernels.POINT_BLOCK];
        }

        void run(float[] c, float[] z, float[] off, int d, float[] xa, int dx, int p0, int points, float[] r) {
            VectorKernels.forward(wide, unit, 0.7f, c, z, off, nPad, 0, nPad, d, xa, dx, p0, points, store, lane);
            forwardStore = store.clone();
            VectorKernels.backward(wide, unit, 0, nPad, r, p0, points, store, xa, dx, columns, nPad, gc, gz);
        }
    }

    private static float[] gaussians(SplittableRandom random, int count, double scale) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (float) (scale * random.nextGaussian());
        }
        return out;
    }
}
