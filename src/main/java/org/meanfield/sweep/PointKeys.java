package org.meanfield.sweep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/** The keys a spec's {@code base} and {@code grid} may set, the train option each maps to, and how values are written. */
final class PointKeys {
    /** Spec key to {@code train} option, in the order {@code --help} lists them. */
    static final Map<String, String> OPTIONS = options();
    /** What a grid value may look like, as it becomes part of a folder name. */
    private static final Pattern NAME_SAFE = Pattern.compile("[A-Za-z0-9._+-]+");

    private PointKeys() {
    }

    private static Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("d", "--dim");
        options.put("n", "--particles");
        for (String key : new String[] {"unit", "alpha", "dynamics", "batch", "sample", "dt", "steps", "time",
            "temperature", "seed"}) {
            options.put(key, "--" + key);
        }
        options.put("target_seed", "--target-seed");
        options.put("sigma_c", "--sigma-c");
        options.put("eval_every", "--eval-every");
        options.put("test_size", "--test-size");
        options.put("kernel", "--kernel");
        return Collections.unmodifiableMap(options);
    }

    /**
     * A spec value as train reads it: integers as written, other numbers in plain decimal without
     * trailing zeros (0.05 stays 0.05, 1e-4 becomes 0.0001, 3000.0 becomes 3000), strings as they are.
     *
     * @return null if the value is not a number or a string
     */
    static String text(JsonNode value) {
        if (value == null) {
            return null;
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
