package org.meanfield.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The phases of a run as given: for each, its own values of the parameters that may vary by phase
 * ({@link Param#phased()}: the batch, the sample, dt, the temperature), the others inheriting the
 * run's, and its length ({@code steps} or {@code time}). The last phase runs to the run's end, so
 * its length is the run's ({@link Params#STEPS}): extending a run lengthens its last phase (or, with
 * phases appended after it, {@link #appendsTo}, gives it a length and goes on into them), and
 * what a checkpoint's fingerprint holds of the phases (their canonical text) is the phases before
 * it and the last one's values, not its length. A length given for the last phase when the run is
 * set up only feeds the default of {@code steps} ({@link #lastLength()}) and is not kept.
 *
 * <p>Text (the --phase option, one phase each, or several joined by ';'):
 * {@code steps=2000000,batch=n/5;batch=(n/5)^2}. No phases (the empty text): a run of one phase
 * whose values are the run's.
 */
public final class Phases {
    /** No phases: one phase with the run's values. */
    public static final Phases NONE = new Phases(List.of(), null);
    /** The key of a phase's length in mean-field time, the alternative of {@code steps}. */
    static final String TIME = "time";

    private final List<Map<String, String>> phases;
    private final Map.Entry<String, String> lastLength;

    private Phases(List<Map<String, String>> phases, Map.Entry<String, String> lastLength) {
        List<Map<String, String>> copy = new ArrayList<>();
        phases.forEach(phase -> copy.add(Collections.unmodifiableMap(new LinkedHashMap<>(phase))));
        this.phases = Collections.unmodifiableList(copy);
        this.lastLength = lastLength;
    }

    /** The phases, each its given fields by key in canonical text (the last without a length). */
    public List<Map<String, String>> list() {
        return phases;
    }

    public boolean isEmpty() {
        return phases.isEmpty();
    }

    public int size() {
        return phases.size();
    }

    /** How many phases a run of these has: one when none are given. */
    public int runCount() {
        return Math.max(1, phases.size());
    }

    /** The length given for the last phase as ("steps" or "time", text), or null: the default of the run's steps. */
    public Map.Entry<String, String> lastLength() {
        return lastLength;
    }

    /** These phases without the given length of the last, once the run's steps say it. */
    public Phases withoutLastLength() {
        return lastLength == null ? this : new Phases(phases, null);
    }

    /**
     * Whether these phases go on from {@code done}'s: more phases, of which the first are done's,
     * done's last given a length here. A run of {@code done} may continue into the phases that follow
     * (a finished run is branched into a new phase); that the run has not passed the length its last
     * phase now gets is checked against its checkpoint when it resumes.
     */
    public boolean appendsTo(Phases done) {
        return phases.size() > done.runCount() && upTo(done.runCount()).equals(done);
    }

    /** The first {@code count} of these phases as a run's phases: the last of them without its length. */
    public Phases upTo(int count) {
        List<Map<String, String>> list = new ArrayList<>(phases.subList(0, count));
        return of(list).withoutLastLength();
    }

    /** The parameter a phase field names, or null for a length key or an unknown one. */
    static Param<?> phasedParam(String key) {
        Param<?> param = Params.RUN.byKey(key);
        return param != null && param.phased() && param.key().equals(key) ? param : null;
    }

    private static boolean lengthKey(String key) {
        return key.equals(Params.STEPS.key()) || key.equals(TIME);
    }

    /** The keys a phase may set, for messages and help. */
    public static String keys() {
        List<String> keys = new ArrayList<>();
        for (Param<?> param : Params.RUN.params()) {
            if (param.phased()) {
                keys.add(param.key());
            }
        }
        keys.add(Params.STEPS.key());
        keys.add(TIME);
        return String.join(", ", keys);
    }

    /**
     * The phases {@code text} describes: phases joined by ';', each fields {@code key=value} joined
     * by ','.
     *
     * @throws IllegalArgumentException "#K: ..." naming the field at fault
     */
    public static Phases parse(String text) {
        if (text.isBlank()) {
            return NONE;
        }
        List<Map<String, String>> list = new ArrayList<>();
        String[] parts = text.split(";", -1);
        for (int k = 0; k < parts.length; k++) {
            Map<String, String> phase = new LinkedHashMap<>();
            String part = parts[k].strip();
            if (part.isEmpty() && k > 0 && k == parts.length - 1) {
                list.add(phase); // the last phase inherits every value: "steps=100,batch=4;"
                continue;
            }
            if (part.isEmpty()) {
                throw new IllegalArgumentException("#" + (k + 1) + " is empty (give key=value fields: " + keys() + ")");
            }
            for (String field : part.split(",", -1)) {
                int eq = field.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("#" + (k + 1) + ": '" + field.strip()
                            + "' is not key=value (keys: " + keys() + ")");
                }
                put(phase, k, field.substring(0, eq).strip(), field.substring(eq + 1), null);
            }
            list.add(phase);
        }
        return of(list);
    }

    /**
     * The phases a JSON list of objects describes (sweep specs, config.json).
     *
     * @throws IllegalArgumentException "#K: ..." or "must be a list of objects"
     */
    public static Phases fromJson(JsonNode node) {
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException("must be a list of phases ({\"steps\": ..., \"batch\": ...}), got " + node);
        }
        List<Map<String, String>> list = new ArrayList<>();
        for (int k = 0; k < node.size(); k++) {
            JsonNode item = node.get(k);
            if (!item.isObject() || item.isEmpty() && (k == 0 || k < node.size() - 1)) {
                throw new IllegalArgumentException("#" + (k + 1) + " must be an object of fields (" + keys()
                        + "), got " + item);
            }
            Map<String, String> phase = new LinkedHashMap<>();
            int at = k;
            item.fields().forEachRemaining(field -> put(phase, at, field.getKey(), null, field.getValue()));
            list.add(phase);
        }
        return of(list);
    }

    /** Adds field {@code key}, given as {@code text} or as {@code json}, to {@code phase}, in canonical text. */
    private static void put(Map<String, String> phase, int k, String key, String text, JsonNode json) {
        String where = "#" + (k + 1) + ": ";
        Param<?> param = phasedParam(key);
        if (param == null && !lengthKey(key)) {
            throw new IllegalArgumentException(where + "unknown key '" + key + "' (a phase may set " + keys() + ")");
        }
        if (phase.containsKey(key)) {
            throw new IllegalArgumentException(where + key + " is given twice");
        }
        if (lengthKey(key) && (phase.containsKey(Params.STEPS.key()) || phase.containsKey(TIME))) {
            throw new IllegalArgumentException(where + "give steps or time, not both");
        }
        ParamType<?> type = param != null ? param.type() : key.equals(TIME) ? ParamType.DOUBLE : ParamType.LONG;
        String value;
        try {
            value = canonical(type, text, json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + key + " " + e.getMessage());
        }
        if (lengthKey(key) && !(Double.parseDouble(value) >= 0 && Double.isFinite(Double.parseDouble(value)))) {
            throw new IllegalArgumentException(where + key + " must be a finite number >= 0, got " + value);
        }
        phase.put(key, value);
    }

    private static <T> String canonical(ParamType<T> type, String text, JsonNode json) {
        return type.format(text != null ? type.parse(text) : type.fromJson(json));
    }

    /** The phases, the last one's length (if given) kept apart. */
    private static Phases of(List<Map<String, String>> list) {
        if (list.isEmpty()) {
            return NONE;
        }
        Map<String, String> last = new LinkedHashMap<>(list.get(list.size() - 1));
        Map.Entry<String, String> length = null;
        for (String key : List.of(Params.STEPS.key(), TIME)) {
            if (last.containsKey(key)) {
                length = Map.entry(key, last.remove(key));
            }
        }
        if (list.size() == 1 && last.isEmpty()) {
            return new Phases(List.of(), length); // one phase of the run's values: no phases
        }
        List<Map<String, String>> kept = new ArrayList<>(list.subList(0, list.size() - 1));
        kept.add(last);
        return new Phases(kept, length);
    }

    /** The phases as a JSON list of objects, values typed as their parameters write them. */
    public JsonNode toJson() {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Map<String, String> phase : phases) {
            ObjectNode object = array.addObject();
            phase.forEach((key, value) -> object.set(key, json(key, value)));
        }
        return array;
    }

    private static JsonNode json(String key, String text) {
        Param<?> param = phasedParam(key);
        return param != null ? typedJson(param.type(), text)
                : key.equals(TIME) ? typedJson(ParamType.DOUBLE, text) : typedJson(ParamType.LONG, text);
    }

    private static <T> JsonNode typedJson(ParamType<T> type, String text) {
        return type.toJson(type.parse(text));
    }

    /** The canonical text: phases joined by ';', each its fields as key=value joined by ','. */
    @Override
    public String toString() {
        return phases.stream().map(phase -> phase.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","))).collect(Collectors.joining(";"));
    }

    /** The text as given: the canonical text with the last phase's length, if it was given; reads back to these phases. */
    public String givenText() {
        if (lastLength == null) {
            return toString();
        }
        String length = lastLength.getKey() + "=" + lastLength.getValue();
        if (phases.isEmpty()) {
            return length;
        }
        String text = toString();
        return text.endsWith(";") || phases.get(phases.size() - 1).isEmpty() ? text + length : text + "," + length;
    }

    /** Equal phases: the last one's given length, which the run's steps hold, aside. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Phases that && phases.equals(that.phases);
    }

    @Override
    public int hashCode() {
        return Objects.hash(phases);
    }
}
