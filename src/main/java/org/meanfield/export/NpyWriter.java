package org.meanfield.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import org.meanfield.folder.AtomicFiles;

/**
 * Writes float64 arrays as NumPy {@code .npy} files (format 1.0, {@code '<f8'}, C order), atomically:
 * a reader sees no file or the whole file. The values are streamed, so an array held in another
 * layout (the particles' dimension-major z) is written without a transposed copy.
 */
public final class NpyWriter {
    private static final int BUFFER_DOUBLES = 8192;

    private NpyWriter() {
    }

    /** The element at a flat C-order index of the array being written. */
    @FunctionalInterface
    public interface Values {
        double at(long index);
    }

    /** Writes {@code values}, flat in C order, as an array of {@code shape}. */
    public static void write(Path file, double[] values, long... shape) throws IOException {
        if (elements(shape) != values.length) {
            throw new IllegalArgumentException("shape " + NpyHeader.tuple(shape) + " does not hold " + values.length
                    + " values");
        }
        write(file, index -> values[(int) index], shape);
    }

    /** Writes the array of {@code shape} whose element at flat C-order index k is {@code values.at(k)}. */
    public static void write(Path file, Values values, long... shape) throws IOException {
        long count = elements(shape);
        byte[] header = NpyHeader.encode(shape);
        AtomicFiles.write(file, out -> {
            out.write(header);
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER_DOUBLES * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (long k = 0; k < count; k++) {
                if (!buffer.hasRemaining()) {
                    out.write(buffer.array(), 0, buffer.position());
                    buffer.clear();
                }
                buffer.putDouble(values.at(k));
            }
            out.write(buffer.array(), 0, buffer.position());
        });
    }

    /** The number of elements of {@code shape}; refuses negative extents and overflow. */
    static long elements(long[] shape) {
        long count = 1;
        for (long extent : shape) {
            if (extent < 0) {
                throw new IllegalArgumentException("shape " + NpyHeader.tuple(shape) + " has a negative extent");
            }
            count = Math.multiplyExact(count, extent);
        }
        return count;
    }
}
