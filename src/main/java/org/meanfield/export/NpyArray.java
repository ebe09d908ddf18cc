package org.meanfield.export;

import java.util.Arrays;

/**
 * A float64 array read from a {@code .npy} file.
 *
 * @param shape the extents, outermost first ({@code []} for a scalar)
 * @param data the elements, flat in C order (the last index fastest)
 */
public record NpyArray(long[] shape, double[] data) {
    /** The element at {@code index} (one subscript per axis). */
    public double get(long... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException(index.length + " subscripts for an array of " + shape.length + " axes");
        }
        long flat = 0;
        for (int k = 0; k < shape.length; k++) {
            if (index[k] < 0 || index[k] >= shape[k]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " outside shape "
                        + Arrays.toString(shape));
            }
            flat = flat * shape[k] + index[k];
        }
        return data[(int) flat];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NpyArray that && Arrays.equals(shape, that.shape) && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NpyArray" + NpyHeader.tuple(shape);
    }
}
