package org.meanfield.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads {@code .npy} files of format version 1.0 holding little-endian float64 in C order, the only
 * kind {@link NpyWriter} writes. It is strict: any other version, dtype or order, a malformed
 * header, or a data length that does not match the shape is a {@link NpyFormatException}. The
 * file is read whole, so arrays are limited to what one Java array holds.
 */
public final class NpyReader {
    private NpyReader() {
    }

    /** Reads the whole array in {@code file}. */
    public static NpyArray read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < NpyHeader.PREFIX
                || !Arrays.equals(Arrays.copyOf(bytes, NpyHeader.MAGIC.length), NpyHeader.MAGIC)) {
            throw new NpyFormatException(file, "it does not start with the magic bytes \\x93NUMPY");
        }
        if (bytes[6] != 1 || bytes[7] != 0) {
            throw new NpyFormatException(file, "it has format version " + bytes[6] + "." + bytes[7]
                    + "; only version 1.0 is read");
        }
        int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        int dataStart = NpyHeader.PREFIX + headerLength;
        if (bytes.length < dataStart) {
            throw new NpyFormatException(file, "it is truncated inside its header");
        }
        long[] shape;
        try {
            shape = NpyHeader.parse(new String(bytes, NpyHeader.PREFIX, headerLength, StandardCharsets.ISO_8859_1));
        } catch (IllegalArgumentException e) {
            throw new NpyFormatException(file, e.getMessage());
        }
        long count;
        try {
            count = NpyWriter.elements(shape);
        } catch (ArithmeticException e) {
            throw new NpyFormatException(file, "its shape " + NpyHeader.tuple(shape) + " overflows");
        }
        long dataBytes = bytes.length - (long) dataStart;
        if (count > Integer.MAX_VALUE / Double.BYTES) {
            throw new NpyFormatException(file, "its shape " + NpyHeader.tuple(shape) + " holds " + count
                    + " values, more than this reader holds in one array");
        }
        if (dataBytes != count * Double.BYTES) {
            throw new NpyFormatException(file, "its shape " + NpyHeader.tuple(shape) + " needs " + count * Double.BYTES
                    + " bytes of data, but " + dataBytes + " bytes follow the header");
        }
        double[] data = new double[(int) count];
        ByteBuffer.wrap(bytes, dataStart, (int) dataBytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(data);
        return new NpyArray(shape, data);
    }
}
