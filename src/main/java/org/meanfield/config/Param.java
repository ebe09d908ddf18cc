package org.meanfield.config;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One parameter of a run: its key (in config.json, sweep specs, checkpoints and messages), its
 * command-line option, its type, its default, its validation and its role. {@link Params} lists them
 * all; everything that reads, writes, validates or compares a run's parameters derives from that list.
 *
 * @param <T> the value's type
 */
public final class Param<T> {
    /** What a parameter means for a run, which decides where it counts. */
    public enum Role {
        /** Fixes the trajectory: in the checkpoint's fingerprint, and may not change on resume. */
        TRAJECTORY,
        /** A choice that may not change on resume but that the checkpoint records as its outcome (the engine). */
        FIXED,
        /** The run's length: a resume may extend it. */
        LENGTH,
        /** Changes no number the run writes (threads): free on resume, ignored when runs are compared. */
        EXECUTION
    }

    /**
     * Another way to give the parameter, converted once the parameters before it are known (the
     * length as mean-field time instead of steps).
     *
     * @param key the alternative's key in sweep specs
     * @param option its command-line option
     * @param help its --help text
     * @param convert the parameter's value for a given alternative value and the parameters before it
     */
    public record Alternative<T>(String key, String option, String help,
            BiFunction<Double, RunConfig, T> convert) {
    }

    private final String key;
    private final List<String> names;
    private final ParamType<T> type;
    private final Role role;
    private final Supplier<String> help;
    private final String defaultText;
    private final Function<RunConfig, T> defaultValue;
    private final BiFunction<T, RunConfig, String> check;
    private final Alternative<T> alternative;
    private final boolean phased;

    private Param(Builder<T> b) {
        this.key = b.key;
        this.names = List.of(b.names);
        this.type = b.type;
        this.role = b.role;
        this.help = b.help;
        this.defaultText = b.defaultText;
        this.defaultValue = b.defaultValue;
        this.check = b.check;
        this.alternative = b.alternative;
        this.phased = b.phased;
    }

    /** A parameter called {@code key} in files, given on the command line as {@code names} (the long one first). */
    public static <T> Builder<T> of(String key, ParamType<T> type, String... names) {
        return new Builder<>(key, type, names);
    }

    public String key() {
        return key;
    }

    /** The long command-line option, as messages name the parameter. */
    public String option() {
        return names.get(0);
    }

    /** Every command-line name, the long one first. */
    public List<String> names() {
        return names;
    }

    public ParamType<T> type() {
        return type;
    }

    public Role role() {
        return role;
    }

    /** The --help text, the default included. */
    public String help() {
        return help.get() + " Default: " + defaultText + ".";
    }

    /** The other way to give it, or null. */
    public Alternative<T> alternative() {
        return alternative;
    }

    /** Whether a phase of a run may give it a value of its own ({@link Phases}); the run's value is the default. */
    public boolean phased() {
        return phased;
    }

    /** Its value when not given, from the parameters listed before it. */
    T defaultFor(RunConfig before) {
        return defaultValue.apply(before);
    }

    /** What is wrong with {@code value} given the whole {@code config} ("must be ..."), or null. */
    String problem(Object value, RunConfig config) {
        return check.apply(type.cast(value), config);
    }

    @Override
    public String toString() {
        return key;
    }

    /** Builds a {@link Param}. */
    public static final class Builder<T> {
        private final String key;
        private final String[] names;
        private final ParamType<T> type;
        private Role role = Role.TRAJECTORY;
        private Supplier<String> help = () -> "";
        private String defaultText;
        private Function<RunConfig, T> defaultValue;
        private BiFunction<T, RunConfig, String> check = (value, config) -> null;
        private Alternative<T> alternative;
        private boolean phased;

        private Builder(String key, ParamType<T> type, String... names) {
            this.key = key;
            this.type = type;
            this.names = names;
        }

        public Builder<T> role(Role value) {
            this.role = value;
            return this;
        }

        public Builder<T> help(String text) {
            this.help = () -> text;
            return this;
        }

        /** A help text made when it is shown: one that lists parameters of the table being built. */
        public Builder<T> help(Supplier<String> text) {
            this.help = text;
            return this;
        }

        /** A constant default. */
        public Builder<T> byDefault(T value) {
            return byDefault(type.format(value), config -> value);
        }

        /** A default computed from the parameters listed before this one, described as {@code text}. */
        public Builder<T> byDefault(String text, Function<RunConfig, T> value) {
            this.defaultText = text;
            this.defaultValue = value;
            return this;
        }

        /** The validation: "must be ..." for a bad value (the option is prefixed), null for a good one. */
        public Builder<T> check(BiFunction<T, RunConfig, String> rule) {
            this.check = rule;
            return this;
        }

        /** Lets each phase of a run give the parameter a value of its own. */
        public Builder<T> phased() {
            this.phased = true;
            return this;
        }

        public Builder<T> alternative(Alternative<T> other) {
            this.alternative = other;
            return this;
        }

        public Param<T> build() {
            if (defaultValue == null) {
                throw new IllegalStateException(key + " has no default");
            }
            return new Param<>(this);
        }
    }
}
