package org.meanfield.export;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header of a {@code .npy} file (NumPy format version 1.0) for little-endian float64 arrays in
 * C order: the magic {@code \x93NUMPY}, the version bytes 1 0, the header length (uint16,
 * little-endian), and a Python dict literal padded with spaces and ended by a newline so that the
 * data starts at a multiple of 64 bytes.
 *
 * <p>{@link #encode} writes exactly what {@code numpy.save} (1.24 and later) writes for such an
 * array, spare room for growing the first axis included, so files compare byte for byte.
 * {@link #parse} reads the dict back and refuses anything but {@code '<f8'} in C order.
 */
final class NpyHeader {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** The only element type written or read: little-endian IEEE float64. */
    static final String DESCR = "<f8";
    /** Bytes before the dict: magic, two version bytes, the uint16 length. */
    static final int PREFIX = MAGIC.length + 2 + 2;
    /** The data offset is a multiple of this (mmap and SIMD loads want aligned data). */
    static final int ALIGN = 64;
    /** numpy's spare spaces after the dict, so the first axis can grow in place (numpy/lib/format.py). */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;

    private NpyHeader() {
    }

    /** Magic, version, length and padded dict for an array of {@code shape}; its length is a multiple of 64. */
    static byte[] encode(long[] shape) {
        String dict = "{'descr': '" + DESCR + "', 'fortran_order': False, 'shape': " + tuple(shape) + ", }";
        if (shape.length > 0) {
            dict += " ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length()));
        }
        int withNewline = dict.length() + 1;
        // As numpy: the padding is never empty, so a header already aligned gets a whole extra block.
        int pad = ALIGN - (PREFIX + withNewline) % ALIGN;
        int headerLength = withNewline + pad;
        if (headerLength > 0xFFFF) {
            throw new IllegalArgumentException("shape " + tuple(shape) + " needs a header longer than format 1.0 allows");
        }
        byte[] bytes = new byte[PREFIX + headerLength];
        System.arraycopy(MAGIC, 0, bytes, 0, MAGIC.length);
        bytes[6] = 1;
        bytes[7] = 0;
        bytes[8] = (byte) headerLength;
        bytes[9] = (byte) (headerLength >>> 8);
        byte[] text = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, bytes, PREFIX, text.length);
        return bytes;
    }

    /** The shape as Python writes a tuple: {@code ()}, {@code (3,)}, {@code (2, 3)}. */
    static String tuple(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder out = new StringBuilder("(");
        for (int k = 0; k < shape.length; k++) {
            out.append(k == 0 ? "" : ", ").append(shape[k]);
        }
        return out.append(')').toString();
    }

    /**
     * The shape declared by a header dict (the text after the length field, newline included).
     *
     * @throws IllegalArgumentException with the reason the header is malformed or describes an
     *     array other than little-endian float64 in C order
     */
    static long[] parse(String header) {
        if (!header.endsWith("\n")) {
            throw new IllegalArgumentException("its header does not end with a newline");
        }
        Map<String, Object> dict = new DictParser(header.strip()).dict();
        if (!dict.keySet().equals(Set.of("descr", "fortran_order", "shape"))) {
            throw new IllegalArgumentException("its header has the keys " + dict.keySet()
                    + ", not exactly descr, fortran_order and shape");
        }
        Object descr = dict.get("descr");
        if (!DESCR.equals(descr)) {
            throw new IllegalArgumentException("it holds dtype " + (descr instanceof String ? "'" + descr + "'" : descr)
                    + "; only '<f8' (little-endian float64) is read (convert with a.astype('<f8'))");
        }
        Object fortran = dict.get("fortran_order");
        if (!Boolean.FALSE.equals(fortran)) {
            throw new IllegalArgumentException(Boolean.TRUE.equals(fortran)
                    ? "it is in Fortran order; only C order is read (save np.ascontiguousarray(a))"
                    : "its fortran_order is " + fortran + ", not True or False");
        }
        if (!(dict.get("shape") instanceof long[] shape)) {
            throw new IllegalArgumentException("its shape is not a tuple of integers");
        }
        return shape;
    }

    /**
     * A parser for the one-line dict literal numpy writes: string keys; values that are strings,
     * True/False, or tuples of non-negative integers. Anything else is refused.
     */
    private static final class DictParser {
        private final String text;
        private int at;

        DictParser(String text) {
            this.text = text;
        }

        Map<String, Object> dict() {
            Map<String, Object> out = new LinkedHashMap<>();
            expect('{');
            while (!peek('}')) {
                String key = string();
                expect(':');
                Object value = value();
                if (out.put(key, value) != null) {
                    throw malformed("repeats the key '" + key + "'");
                }
                if (!peek('}')) {
                    expect(',');
                }
            }
            expect('}');
            skipSpaces();
            if (at != text.length()) {
                throw malformed("has text after the dict");
            }
            return out;
        }

        private Object value() {
            skipSpaces();
            if (peek('\'') || peek('"')) {
                return string();
            }
            if (peek('(')) {
                return tuple();
            }
            for (String word : new String[] {"True", "False"}) {
                if (text.startsWith(word, at)) {
                    at += word.length();
                    return word.equals("True");
                }
            }
            throw malformed("has an unexpected value at character " + at);
        }

        private long[] tuple() {
            expect('(');
            List<Long> values = new ArrayList<>();
            boolean comma = false;
            while (!peek(')')) {
                values.add(integer());
                comma = peek(',');
                if (comma) {
                    expect(',');
                } else if (!peek(')')) {
                    throw malformed("has a malformed shape tuple");
                }
            }
            expect(')');
            if (values.size() == 1 && !comma) {
                throw malformed("has a shape in parentheses without the comma of a 1-tuple");
            }
            return values.stream().mapToLong(Long::longValue).toArray();
        }

        private long integer() {
            skipSpaces();
            int start = at;
            while (at < text.length() && Character.isDigit(text.charAt(at))) {
                at++;
            }
            if (at == start || at - start > 18) {
                throw malformed("has a shape entry that is not a non-negative integer");
            }
            return Long.parseLong(text.substring(start, at));
        }

        private String string() {
            skipSpaces();
            if (at >= text.length() || (text.charAt(at) != '\'' && text.charAt(at) != '"')) {
                throw malformed("has a key or value that is not a quoted string at character " + at);
            }
            char quote = text.charAt(at++);
            int end = text.indexOf(quote, at);
            if (end < 0 || text.substring(at, end).indexOf('\\') >= 0) {
                throw malformed("has an unterminated or escaped string");
            }
            String value = text.substring(at, end);
            at = end + 1;
            return value;
        }

        private boolean peek(char c) {
            skipSpaces();
            return at < text.length() && text.charAt(at) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw malformed("lacks '" + c + "' at character " + at);
            }
            at++;
        }

        private void skipSpaces() {
            while (at < text.length() && text.charAt(at) == ' ') {
                at++;
            }
        }

        private IllegalArgumentException malformed(String reason) {
            return new IllegalArgumentException("its header dict " + reason);
        }
    }
}
