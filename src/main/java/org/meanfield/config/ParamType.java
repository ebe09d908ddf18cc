package org.meanfield.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * How the values of a {@link Param} are written and read: as command-line text, in JSON (config.json,
 * sweep specs) and as the canonical text that checkpoints store and messages show. The canonical text
 * of a double is {@link Double#toString}, which reads back to the same bits.
 *
 * @param <T> the value's type
 */
public abstract class ParamType<T> {
    /** 32-bit integers. */
    public static final ParamType<Integer> INT = new ParamType<>("an integer") {
        @Override
        Integer parseText(String text) {
            return Integer.parseInt(text);
        }

        @Override
        JsonNode json(Integer value) {
            return JsonNodeFactory.instance.numberNode(value);
        }

        @Override
        Integer fromJsonNode(JsonNode node) {
            return node.isIntegralNumber() && node.canConvertToInt() ? node.intValue() : null;
        }
    };

    /** 64-bit integers. */
    public static final ParamType<Long> LONG = new ParamType<>("an integer") {
        @Override
        Long parseText(String text) {
            return Long.parseLong(text);
        }

        @Override
        JsonNode json(Long value) {
            return JsonNodeFactory.instance.numberNode(value);
        }

        @Override
        Long fromJsonNode(JsonNode node) {
            return node.isIntegralNumber() && node.canConvertToLong() ? node.longValue() : null;
        }
    };

    /** Doubles, written so that they read back to the same bits. */
    public static final ParamType<Double> DOUBLE = new ParamType<>("a number") {
        @Override
        Double parseText(String text) {
            // Double.parseDouble accepts "1d", "0x1p3" and surrounding blanks; a number is digits.
            if (!text.matches("[+-]?(NaN|Infinity|(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?)")) {
                throw new NumberFormatException(text);
            }
            return Double.parseDouble(text);
        }

        @Override
        JsonNode json(Double value) {
            return JsonNodeFactory.instance.numberNode(value);
        }

        @Override
        Double fromJsonNode(JsonNode node) {
            return node.isNumber() ? node.doubleValue() : null;
        }
    };

    /**
     * Counts as expressions in n ({@link SizeExpression}): a plain integer is written as a JSON
     * number, as before expressions existed, an expression as a string; a bad one is refused with
     * the reason.
     */
    public static final ParamType<SizeExpression> SIZE = new ParamType<>(SizeExpression.KIND) {
        @Override
        SizeExpression parseText(String text) {
            return SizeExpression.parse(text);
        }

        @Override
        public SizeExpression parse(String text) {
            try {
                return SizeExpression.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be " + kind() + ", got '" + text + "' (" + e.getMessage() + ")");
            }
        }

        @Override
        JsonNode json(SizeExpression value) {
            return value.plain() ? JsonNodeFactory.instance.numberNode(Integer.parseInt(value.text()))
                    : JsonNodeFactory.instance.textNode(value.text());
        }

        @Override
        SizeExpression fromJsonNode(JsonNode node) {
            return node.isIntegralNumber() && node.canConvertToInt() ? SizeExpression.of(node.intValue())
                    : node.isTextual() ? SizeExpression.parse(node.textValue()) : null;
        }
    };

    /** The phases of a run ({@link Phases}): a JSON list of objects, or text as --phase reads it. */
    public static final ParamType<Phases> PHASES = new ParamType<>("phases such as steps=1000,batch=n/5;batch=(n/5)^2") {
        @Override
        Phases parseText(String text) {
            return Phases.parse(text);
        }

        @Override
        public Phases parse(String text) {
            try {
                return Phases.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        }

        @Override
        JsonNode json(Phases value) {
            return value.toJson();
        }

        @Override
        Phases fromJsonNode(JsonNode node) {
            return Phases.fromJson(node);
        }

        @Override
        public Phases fromJson(JsonNode node) {
            return Phases.fromJson(node);
        }
    };

    private final String kind;

    private ParamType(String kind) {
        this.kind = kind;
    }

    /** The values of enum {@code type}, by their lower-case {@code toString()} names. */
    public static <E extends Enum<E>> ParamType<E> of(Class<E> type) {
        E[] values = type.getEnumConstants();
        String names = Arrays.stream(values).map(Object::toString).collect(Collectors.joining(", "));
        return new ParamType<>("one of " + names) {
            @Override
            E parseText(String text) {
                for (E value : values) {
                    if (value.toString().equalsIgnoreCase(text)) {
                        return value;
                    }
                }
                throw new IllegalArgumentException(text);
            }

            @Override
            JsonNode json(E value) {
                return JsonNodeFactory.instance.textNode(value.toString());
            }

            @Override
            E fromJsonNode(JsonNode node) {
                return node.isTextual() ? parseText(node.textValue()) : null;
            }
        };
    }

    /** What a value must look like, as in "must be an integer". */
    public String kind() {
        return kind;
    }

    abstract T parseText(String text);

    abstract JsonNode json(T value);

    /** The value of {@code node}, or null if it has the wrong JSON type. */
    abstract T fromJsonNode(JsonNode node);

    /**
     * The value {@code text} stands for.
     *
     * @throws IllegalArgumentException "must be KIND, got 'TEXT'"
     */
    public T parse(String text) {
        try {
            return parseText(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be " + kind + ", got '" + text + "'");
        }
    }

    /** The value as JSON. */
    public JsonNode toJson(T value) {
        return json(value);
    }

    /**
     * The value of {@code node}.
     *
     * @throws IllegalArgumentException "must be KIND, got NODE"
     */
    public T fromJson(JsonNode node) {
        T value;
        try {
            value = fromJsonNode(node);
        } catch (IllegalArgumentException e) {
            value = null;
        }
        if (value == null) {
            throw new IllegalArgumentException("must be " + kind + ", got " + node);
        }
        return value;
    }

    /** The canonical text: what checkpoints store, messages show and the command line reads back. */
    public String format(T value) {
        return value instanceof Double number ? Double.toString(number)
                : value instanceof SizeExpression || value instanceof Phases ? value.toString()
                : String.valueOf(value).toLowerCase(Locale.ROOT);
    }

    /** {@code value}, checked to be of this type, for code that holds it untyped. */
    @SuppressWarnings("unchecked")
    T cast(Object value) {
        return (T) value;
    }
}
