package org.meanfield.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Number formatting for names, labels and tables: short, locale-independent, stable. */
final class Num {
    private Num() {
    }

    /**
     * A short exact-looking form: integers without a point, others with their shortest decimal
     * form, or six significant digits in e-notation when that would be long (1/3, 1e-7).
     */
    static String compact(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return Double.toString(x);
        }
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return Long.toString((long) x);
        }
        String plain = BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
        if (plain.length() <= 10) {
            return plain;
        }
        return BigDecimal.valueOf(x).round(new MathContext(6)).stripTrailingZeros().toString()
                .replace("E+", "e").replace("E", "e");
    }

    /** Four significant digits, for losses and slopes in tables and legends. */
    static String sig(double x) {
        if (Double.isNaN(x)) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.4g", x);
    }

    /** A slope with two or three decimals. */
    static String slope(double x) {
        return String.format(Locale.ROOT, Math.abs(x) < 10 ? "%.3f" : "%.2f", x);
    }
}
