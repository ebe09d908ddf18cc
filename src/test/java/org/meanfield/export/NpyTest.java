package org.meanfield.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The .npy writer and reader: NumPy's own bytes, the format's invariants, and strict refusals. */
class NpyTest {
    @TempDir
    Path dir;

    /**
     * Files written by {@code numpy.save} (NumPy 1.24.2, Debian's python3-numpy), base64. The arrays:
     * [[0.5, -1.25, 3.0], [1e-300, pi, -0.0]]; [1.0, 2.0, inf]; 2.5 (0-d); arange(8.0).reshape(2, 2, 2);
     * zeros((0, 4)).
     */
    private static final String SAVED_2X3 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBl"
            + "JzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADg"
            + "PwAAAAAAAPS/AAAAAAAACEBZ8/jCH26lARgtRFT7IQlAAAAAAAAAAIA=";
    private static final String SAVED_3 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzog"
            + "KDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADwPwAAAAAA"
            + "AABAAAAAAAAA8H8=";
    private static final String SAVED_SCALAR = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3No"
            + "YXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAEQA==";
    private static final String SAVED_CUBE = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBl"
            + "JzogKDIsIDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAAA"
            + "AAAAAPA/AAAAAAAAAEAAAAAAAAAIQAAAAAAAABBAAAAAAAAAFEAAAAAAAAAYQAAAAAAAABxA";
    private static final String SAVED_EMPTY = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBl"
            + "JzogKDAsIDQpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo=";

    /** NumPy files the reader must refuse: the 2x3 array above as float32, big-endian, Fortran order, format 2.0; int64. */
    private static final String SAVED_F4 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzog"
            + "KDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAA/AACgvwAAQEAA"
            + "AAAA2w9JQAAAAIA=";
    private static final String SAVED_BIG_ENDIAN = "k05VTVBZAQB2AHsnZGVzY3InOiAnPmY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwg"
            + "J3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo/4AAA"
            + "AAAAAL/0AAAAAAAAQAgAAAAAAAABpW4fwvjzWUAJIftURC0YgAAAAAAAAAA=";
    private static final String SAVED_FORTRAN = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hh"
            + "cGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADg"
            + "P1nz+MIfbqUBAAAAAAAA9L8YLURU+yEJQAAAAAAAAAhAAAAAAAAAAIA=";
    private static final String SAVED_VERSION_2 = "k05VTVBZAgB0AAAAeydkZXNjcic6ICc8ZjgnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAn"
            + "c2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADg"
            + "PwAAAAAAAPS/AAAAAAAACEBZ8/jCH26lARgtRFT7IQlAAAAAAAAAAIA=";
    private static final String SAVED_INT64 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBl"
            + "JzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAEA"
            + "AAAAAAAAAgAAAAAAAAA=";

    static Stream<Arguments> savedByNumpy() {
        return Stream.of(
                Arguments.of(SAVED_2X3, new long[] {2, 3}, new double[] {0.5, -1.25, 3.0, 1e-300, Math.PI, -0.0}),
                Arguments.of(SAVED_3, new long[] {3}, new double[] {1.0, 2.0, Double.POSITIVE_INFINITY}),
                Arguments.of(SAVED_SCALAR, new long[] {}, new double[] {2.5}),
                Arguments.of(SAVED_CUBE, new long[] {2, 2, 2}, new double[] {0, 1, 2, 3, 4, 5, 6, 7}),
                Arguments.of(SAVED_EMPTY, new long[] {0, 4}, new double[] {}));
    }

    @ParameterizedTest
    @MethodSource("savedByNumpy")
    void writesTheBytesNumpySaves(String saved, long[] shape, double[] values) throws IOException {
        Path file = dir.resolve("a.npy");
        NpyWriter.write(file, values, shape);
        assertArrayEquals(Base64.getDecoder().decode(saved), Files.readAllBytes(file));
    }

    @ParameterizedTest
    @MethodSource("savedByNumpy")
    void readsWhatNumpySaves(String saved, long[] shape, double[] values) throws IOException {
        Path file = dir.resolve("a.npy");
        Files.write(file, Base64.getDecoder().decode(saved));
        NpyArray array = NpyReader.read(file);
        assertArrayEquals(shape, array.shape());
        assertEquals(values.length, array.data().length);
        for (int k = 0; k < values.length; k++) {
            assertEquals(Double.doubleToRawLongBits(values[k]), Double.doubleToRawLongBits(array.data()[k]), "element " + k);
        }
    }

    static List<long[]> shapes() {
        return List.of(new long[] {}, new long[] {1}, new long[] {7}, new long[] {5, 3}, new long[] {1, 1, 1},
                new long[] {3, 4, 5}, new long[] {2, 1, 3, 2}, new long[] {12345, 0}, new long[] {0});
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void headerIsVersion10LittleEndianAlignedAndDeclaresTheShape(long[] shape) throws IOException {
        int count = (int) NpyWriter.elements(shape);
        double[] values = new Random(shape.length).doubles(count).toArray();
        Path file = dir.resolve("a.npy");
        NpyWriter.write(file, values, shape);
        byte[] bytes = Files.readAllBytes(file);

        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, java.util.Arrays.copyOf(bytes, 8));
        int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8; // little-endian uint16
        int dataStart = 10 + headerLength;
        assertEquals(0, dataStart % 64, "data starts on a 64-byte boundary");
        assertEquals(dataStart + 8L * count, bytes.length);
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        assertTrue(header.endsWith("\n"));
        String tuple = "(" + String.join(", ", java.util.Arrays.stream(shape).mapToObj(Long::toString).toList())
                + (shape.length == 1 ? ",)" : ")");
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': " + tuple + ", }", header.strip());
        assertTrue(header.substring(0, header.length() - 1).chars().skip(header.strip().length()).allMatch(c -> c == ' '),
                "padded with spaces");

        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, 8 * count).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < count; k++) {
            assertEquals(values[k], data.getDouble(), "element " + k);
        }
        assertEquals(new NpyArray(shape, values), NpyReader.read(file));
    }

    @Test
    void streamsArraysLargerThanItsBufferAndReplacesFilesAtomically() throws IOException {
        Path file = dir.resolve("big.npy");
        Files.writeString(file, "an older file");
        double[] values = new Random(3).doubles(3 * 10_001).map(v -> (v - 0.5) * 1e6).toArray();
        NpyWriter.write(file, index -> values[(int) index], 3, 10_001);
        NpyArray array = NpyReader.read(file);
        assertArrayEquals(values, array.data());
        assertEquals(values[10_001 + 7], array.get(1, 7));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left");
        }
    }

    @Test
    void writerRefusesAShapeThatDoesNotHoldTheValues() {
        Path file = dir.resolve("a.npy");
        assertThrows(IllegalArgumentException.class, () -> NpyWriter.write(file, new double[5], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> NpyWriter.write(file, new double[0], -1));
        assertFalse(Files.exists(file));
    }

    static Stream<Arguments> refused() {
        byte[] good = Base64.getDecoder().decode(SAVED_2X3);
        byte[] badMagic = good.clone();
        badMagic[1] = 'X';
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 1);
        byte[] extra = java.util.Arrays.copyOf(good, good.length + 8);
        byte[] noNewline = good.clone();
        noNewline[127] = ' ';
        return Stream.of(
                Arguments.of(Base64.getDecoder().decode(SAVED_F4), "dtype '<f4'"),
                Arguments.of(Base64.getDecoder().decode(SAVED_BIG_ENDIAN), "dtype '>f8'"),
                Arguments.of(Base64.getDecoder().decode(SAVED_INT64), "dtype '<i8'"),
                Arguments.of(Base64.getDecoder().decode(SAVED_FORTRAN), "Fortran order"),
                Arguments.of(Base64.getDecoder().decode(SAVED_VERSION_2), "version 2.0"),
                Arguments.of(badMagic, "magic"),
                Arguments.of(truncated, "needs 48 bytes of data, but 47"),
                Arguments.of(extra, "needs 48 bytes of data, but 56"),
                Arguments.of(noNewline, "newline"),
                Arguments.of(header("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), 'x': 'y', }"), "keys"),
                Arguments.of(header("{'descr': '<f8', 'fortran_order': False, 'shape': (2, -3), }"), "shape entry"),
                Arguments.of(header("{'descr': '<f8', 'fortran_order': False, 'shape': (6), }"), "1-tuple"),
                Arguments.of(header("{'descr': '<f8', 'fortran_order': 0, 'shape': (6,), }"), "unexpected value"),
                Arguments.of(new byte[] {(byte) 0x93, 'N', 'U'}, "magic"));
    }

    /** A version 1.0 file with {@code dict} as its header (padded to 64 bytes) and 48 bytes of data. */
    private static byte[] header(String dict) {
        int length = dict.length() + 1;
        length += (64 - (10 + length) % 64) % 64;
        ByteBuffer out = ByteBuffer.allocate(10 + length + 48).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) length);
        out.put((dict + " ".repeat(length - dict.length() - 1) + "\n").getBytes(StandardCharsets.US_ASCII));
        return out.array();
    }

    @ParameterizedTest
    @MethodSource("refused")
    void readerRefusesOtherFilesWithAClearReason(byte[] bytes, String reason) throws IOException {
        Path file = dir.resolve("other.npy");
        Files.write(file, bytes);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> NpyReader.read(file));
        assertTrue(e.getMessage().startsWith(file + " is not a .npy file of float64 values"), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
