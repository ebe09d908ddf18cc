package org.meanfield.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An ordered list of {@link Param}s and what derives from it: resolving given values and defaults
 * into a {@link RunConfig}, config.json's fields, the keys of sweep specs, and the fingerprint a
 * checkpoint carries. A parameter's default may depend on the parameters listed before it.
 * {@link Params#RUN} is the table of a training run.
 */
public final class ParamTable {
    private final List<Param<?>> params;
    private final List<Function<RunConfig, String>> rules;
    private final Map<String, Param<?>> byKey;

    /**
     * A table of {@code params} whose values must also satisfy {@code rules}, which relate several
     * parameters ("--test-size 16777216 times --dim 128 is ..."; null when satisfied) and are checked
     * once every parameter is valid on its own.
     */
    ParamTable(List<Param<?>> params, List<Function<RunConfig, String>> rules) {
        this.params = List.copyOf(params);
        this.rules = List.copyOf(rules);
        Map<String, Param<?>> keys = new LinkedHashMap<>();
        for (Param<?> param : params) {
            register(keys, param.key(), param);
            if (param.alternative() != null) {
                register(keys, param.alternative().key(), param);
            }
        }
        this.byKey = Collections.unmodifiableMap(keys);
    }

    private static void register(Map<String, Param<?>> keys, String key, Param<?> param) {
        if (keys.put(key, param) != null) {
            throw new IllegalStateException("two parameters are called " + key);
        }
    }

    /** This table with {@code extra} appended. */
    public ParamTable with(Param<?> extra) {
        List<Param<?>> more = new ArrayList<>(params);
        more.add(extra);
        return new ParamTable(more, rules);
    }

    /** The parameters, in order. */
    public List<Param<?>> params() {
        return params;
    }

    /** The rules that relate several parameters. */
    List<Function<RunConfig, String>> rules() {
        return rules;
    }

    int indexOf(Param<?> param) {
        int at = params.indexOf(param);
        if (at < 0) {
            throw new IllegalArgumentException("no parameter " + param + " in this table");
        }
        return at;
    }

    /**
     * Every key a sweep spec or an option map may use (the parameters' and their alternatives'), with
     * the command-line option it stands for, in table order.
     */
    public Map<String, String> keyOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        for (Param<?> param : params) {
            options.put(param.key(), param.option());
            if (param.alternative() != null) {
                options.put(param.alternative().key(), param.alternative().option());
            }
        }
        return options;
    }

    /** The parameter a key (or its alternative's key) names, or null. */
    public Param<?> byKey(String key) {
        return byKey.get(key);
    }

    /** Values to resolve, given by parameter or as text by key. */
    public Given given() {
        return new Given();
    }

    /** The config with every parameter at its default. */
    public RunConfig defaults() {
        return given().resolve();
    }

    /** The parameters as config.json holds them, by key in table order. */
    public ObjectNode toJson(RunConfig config) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (Param<?> param : params) {
            node.set(param.key(), json(param, config));
            if (config.get(param) instanceof SizeExpression size && !size.plain()) {
                node.put(param.key() + "_value", size.value(config.n())); // the expression and its value
            }
        }
        return node;
    }

    private static <T> JsonNode json(Param<T> param, RunConfig config) {
        return param.type().toJson(config.get(param));
    }

    /**
     * The config a config.json describes; fields it lacks (a parameter newer than the file) take their
     * defaults, fields the table does not know (what was resolved at run time) are ignored. Not validated.
     *
     * @throws IllegalArgumentException "KEY must be ..., got ..." for a field of the wrong type
     */
    public RunConfig fromJson(JsonNode node) {
        Given given = given();
        for (Param<?> param : params) {
            JsonNode value = node.get(param.key());
            if (value != null && !value.isNull()) {
                given.setJson(param, value);
            }
        }
        return given.resolve();
    }

    /**
     * The canonical text of each trajectory parameter, by key, but those whose text is empty: what a
     * checkpoint carries to say whose state it is.
     */
    public Map<String, String> trajectory(RunConfig config) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Param<?> param : params) {
            // A parameter without a value (no phases) is left out: fingerprints from before it existed match.
            if (param.role() == Param.Role.TRAJECTORY && !config.text(param).isEmpty()) {
                out.put(param.key(), config.text(param));
            }
        }
        return out;
    }

    /** Values for {@link #resolve()}: typed, as command-line text, or as JSON. */
    public final class Given {
        private final Object[] values = new Object[params.size()];
        private final Double[] alternatives = new Double[params.size()];

        private Given() {
        }

        /** Gives {@code param} the value {@code value}. */
        public <T> Given set(Param<T> param, T value) {
            values[indexOf(param)] = value;
            return this;
        }

        /** Gives a count given as an expression in n (the batch, the sample) the plain value {@code value}. */
        public Given set(Param<SizeExpression> param, int value) {
            return set(param, SizeExpression.of(value));
        }

        /**
         * Gives the parameter (or alternative) called {@code key} the value {@code text}, as typed
         * on the command line.
         *
         * @throws IllegalArgumentException "--option must be ..., got 'text'" or an unknown key
         */
        public Given setText(String key, String text) {
            Param<?> param = byKey(key);
            if (param == null) {
                throw new IllegalArgumentException("unknown parameter " + key);
            }
            int at = indexOf(param);
            if (!param.key().equals(key)) {
                alternatives[at] = parse(param.alternative().option(), ParamType.DOUBLE, text);
            } else {
                values[at] = parse(param.option(), param.type(), text);
            }
            return this;
        }

        private static <T> T parse(String option, ParamType<T> type, String text) {
            try {
                return type.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + " " + e.getMessage());
            }
        }

        private <T> void setJson(Param<T> param, JsonNode node) {
            try {
                values[indexOf(param)] = param.type().fromJson(node);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(param.key() + " " + e.getMessage());
            }
        }

        /** Whether the parameter {@code param} (or its alternative) was given. */
        public boolean has(Param<?> param) {
            int at = indexOf(param);
            return values[at] != null || alternatives[at] != null;
        }

        /**
         * The config: given values, alternatives converted, defaults for the rest, in table order. Not
         * validated: see {@link RunConfig#problems()}.
         *
         * @throws IllegalArgumentException if a parameter and its alternative are both given
         */
        public RunConfig resolve() {
            Object[] resolved = new Object[params.size()];
            RunConfig partial = new RunConfig(ParamTable.this, resolved);
            for (int k = 0; k < resolved.length; k++) {
                Param<?> param = params.get(k);
                if (values[k] != null && alternatives[k] != null) {
                    throw new IllegalArgumentException(param.option() + " and " + param.alternative().option()
                            + " cannot both be given");
                }
                resolved[k] = values[k] != null ? values[k]
                        : alternatives[k] != null ? param.alternative().convert().apply(alternatives[k], partial)
                        : param.defaultFor(partial);
            }
            return new RunConfig(ParamTable.this, Arrays.copyOf(resolved, resolved.length));
        }
    }
}
