package org.meanfield.run;

import java.util.Locale;

/**
 * How often a run writes its checkpoint: every so many steps ({@code 500}), or every so many seconds
 * of wall time ({@code 60s}). Step intervals fall on multiples of the interval, so they do not move
 * when a run is resumed; the last checkpoint of a run is written whatever the interval.
 *
 * @param steps steps between checkpoints, or 0 for a time interval
 * @param seconds seconds between checkpoints, or 0 for a step interval
 */
public record CheckpointInterval(long steps, double seconds) {
    /** The default: every minute, which costs nothing noticeable and loses at most a minute of work. */
    public static final CheckpointInterval DEFAULT = new CheckpointInterval(0, 60);
    /** Longest time interval accepted, in seconds (about 31 years). */
    public static final double MAX_SECONDS = 1e9;
    /** What {@link #parse} accepts, for error messages. */
    public static final String ACCEPTED = "a whole number of steps >= 1 (e.g. 500) or of seconds in (0, 1e9] "
            + "with an s suffix (e.g. 60s)";

    /** Checks that exactly one kind of interval is given, in range. */
    public CheckpointInterval {
        boolean bySteps = steps >= 1 && seconds == 0;
        boolean bySeconds = steps == 0 && seconds > 0 && seconds <= MAX_SECONDS;
        if (!bySteps && !bySeconds) {
            throw new IllegalArgumentException("--checkpoint-every must be " + ACCEPTED);
        }
    }

    /**
     * {@code "500"} (steps) or {@code "60s"} (seconds; a decimal number is allowed).
     *
     * @throws IllegalArgumentException naming the option and what it accepts
     */
    public static CheckpointInterval parse(String text) {
        String value = text == null ? "" : text.strip();
        try {
            if (value.endsWith("s") || value.endsWith("S")) {
                String number = value.substring(0, value.length() - 1);
                // Digits and one dot only: no "NaN", "Infinity", hex floats or exponents to surprise anyone.
                if (number.matches("\\d+(\\.\\d*)?|\\.\\d+")) {
                    return new CheckpointInterval(0, Double.parseDouble(number));
                }
            } else if (value.matches("\\d{1,18}")) {
                return new CheckpointInterval(Long.parseLong(value), 0);
            }
        } catch (IllegalArgumentException e) {
            // Out of range: reported below with the value.
        }
        throw new IllegalArgumentException("--checkpoint-every must be " + ACCEPTED + ", got '" + text + "'");
    }

    /** Whether a checkpoint is due after {@code step} steps, {@code nanosSinceLast} after the last one. */
    public boolean due(long step, long nanosSinceLast) {
        return steps > 0 ? step % steps == 0 : nanosSinceLast >= seconds * 1e9;
    }

    /** The form {@link #parse} reads. */
    @Override
    public String toString() {
        return steps > 0 ? Long.toString(steps) : String.format(Locale.ROOT, "%ss", stripZeros(seconds));
    }

    private static String stripZeros(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
