package org.meanfield.sweep;

import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.meanfield.config.Phases;

/** How a spec's {@code base} and {@code grid} values are written as train option text and folder names. */
final class PointKeys {
    /** What a grid value may look like, as it becomes part of a folder name. */
    private static final Pattern NAME_SAFE = Pattern.compile("[A-Za-z0-9._+-]+");

    private PointKeys() {
    }

    /**
     * A spec value as train reads it: integers as written, other numbers in plain decimal without
     * trailing zeros (0.05 stays 0.05, 1e-4 becomes 0.0001, 3000.0 becomes 3000), strings as they are,
     * a list of phases (objects) as --phase reads them.
     *
     * @return null if the value is not a number, a string or a list
     * @throws IllegalArgumentException for a list that is not valid phases ("phase K: ...")
     */
    static String text(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isArray()) {
            return Phases.fromJson(value).givenText();
        }
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        if (value.isNumber()) {
            return value.decimalValue().stripTrailingZeros().toPlainString();
        }
        return value.isTextual() ? value.textValue() : null;
    }

    /** Whether {@code text} can be part of a run folder's name. */
    static boolean nameSafe(String text) {
        return NAME_SAFE.matcher(text).matches();
    }
}
