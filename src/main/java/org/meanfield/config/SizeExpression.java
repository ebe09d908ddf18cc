package org.meanfield.config;

/**
 * A count given as an expression in n, the number of particles: integers, decimals, {@code n},
 * {@code + - * / ^}, parentheses and {@code ceil(...)}, {@code floor(...)}; e.g. {@code n/5},
 * {@code (n/5)^2}, {@code ceil(4*n^0.5)}, {@code 1024}. Its value for a given n is the expression
 * evaluated in double precision (StrictMath, so every JVM agrees), floored, and at least 1. A plain
 * integer is its own value, unclamped (so 0 is refused as before), and reads, prints and
 * fingerprints as it did before expressions existed.
 *
 * <p>The grammar, read by recursive descent:
 * <pre>
 * sum     := product (('+' | '-') product)*
 * product := power (('*' | '/') power)*
 * power   := unary ('^' power)?          right-associative
 * unary   := '-' unary | atom
 * atom    := number | 'n' | '(' sum ')' | ('ceil' | 'floor') '(' sum ')'
 * </pre>
 *
 * @param text the expression without blanks: the canonical text that files and fingerprints hold
 */
public record SizeExpression(String text) {
    /** The longest expression read: a size is a short formula, and the parser recurses on parentheses. */
    static final int MAX_LENGTH = 200;
    /** What a valid expression looks like, for messages. */
    public static final String KIND = "an integer or an expression in n such as n/5, (n/5)^2 or ceil(4*n^0.5)";

    /**
     * The expression {@code source} stands for.
     *
     * @throws IllegalArgumentException what is wrong with it, in a few words
     */
    public static SizeExpression parse(String source) {
        String text = source.replaceAll("\\s+", "");
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("it is longer than " + MAX_LENGTH + " characters"); // nor a deep recursion
        }
        if (text.matches("-?\\d{1,9}")) {
            return new SizeExpression(Integer.toString(Integer.parseInt(text))); // 064 reads as 64
        }
        new Parser(text, 1).whole(); // checked once, with any n
        return new SizeExpression(text);
    }

    /** A plain integer. */
    public static SizeExpression of(int value) {
        return new SizeExpression(Integer.toString(value));
    }

    /** Whether the expression is a plain integer, independent of n. */
    public boolean plain() {
        return text.matches("-?\\d+");
    }

    /**
     * The value for {@code n} particles: a plain integer's own; an expression's floored, at least 1,
     * Integer.MAX_VALUE for a value beyond it and 0 for one that is not a number (0/0): the
     * parameter's range check names both.
     */
    public int value(int n) {
        if (plain()) {
            return Integer.parseInt(text);
        }
        double exact = exact(n);
        if (Double.isNaN(exact)) {
            return 0;
        }
        double floored = Math.max(1, Math.floor(exact));
        return floored >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) floored;
    }

    /** The expression's value for {@code n} before flooring. */
    public double exact(int n) {
        return new Parser(text, n).whole();
    }

    @Override
    public String toString() {
        return text;
    }

    /** Evaluates as it reads. */
    private static final class Parser {
        private final String s;
        private final double n;
        private int at;

        Parser(String s, double n) {
            this.s = s;
            this.n = n;
        }

        double whole() {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("it is empty");
            }
            double value = sum();
            if (at < s.length()) {
                throw new IllegalArgumentException("unexpected '" + s.charAt(at) + "' at character " + (at + 1));
            }
            return value;
        }

        private double sum() {
            double value = product();
            while (at < s.length() && (s.charAt(at) == '+' || s.charAt(at) == '-')) {
                char op = s.charAt(at++);
                double right = product();
                value = op == '+' ? value + right : value - right;
            }
            return value;
        }

        private double product() {
            double value = power();
            while (at < s.length() && (s.charAt(at) == '*' || s.charAt(at) == '/')) {
                char op = s.charAt(at++);
                double right = power();
                value = op == '*' ? value * right : value / right;
            }
            return value;
        }

        private double power() {
            double base = unary();
            if (at < s.length() && s.charAt(at) == '^') {
                at++;
                return StrictMath.pow(base, power());
            }
            return base;
        }

        private double unary() {
            if (at < s.length() && s.charAt(at) == '-') {
                at++;
                return -unary();
            }
            return atom();
        }

        private double atom() {
            if (at >= s.length()) {
                throw new IllegalArgumentException("it ends too early");
            }
            char c = s.charAt(at);
            if (c == '(') {
                at++;
                double value = sum();
                expect(')');
                return value;
            }
            if (c == 'n' && !s.startsWith("n(", at)) {
                at++;
                return n;
            }
            if (Character.isDigit(c) || c == '.') {
                int start = at;
                while (at < s.length() && (Character.isDigit(s.charAt(at)) || s.charAt(at) == '.')) {
                    at++;
                }
                try {
                    return Double.parseDouble(s.substring(start, at));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + s.substring(start, at) + "' is not a number");
                }
            }
            for (String function : new String[] {"ceil(", "floor("}) {
                if (s.startsWith(function, at)) {
                    at += function.length();
                    double value = sum();
                    expect(')');
                    return function.equals("ceil(") ? Math.ceil(value) : Math.floor(value);
                }
            }
            throw new IllegalArgumentException("unexpected '" + c + "' at character " + (at + 1));
        }

        private void expect(char c) {
            if (at >= s.length() || s.charAt(at) != c) {
                throw new IllegalArgumentException("missing '" + c + "'" + (at < s.length() ? " at character " + (at + 1) : ""));
            }
            at++;
        }
    }
}
