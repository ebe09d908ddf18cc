package org.meanfield.sweep;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.meanfield.config.ParamTable;
import org.meanfield.config.ParamType;
import org.meanfield.config.Params;
import org.meanfield.folder.Json;

/**
 * A sweep spec file: blocks of train runs, each a base of options and a grid whose Cartesian
 * product gives the runs. {@link #read} checks its structure; whether each run's options are valid
 * is train's to say ({@link SweepPlan}).
 *
 * @param description free text
 * @param threads threads per run (null: 1)
 * @param jobs runs at once (null: cores / threads)
 * @param report options of the report written at the end (null: defaults); a block's {@code fit}
 *     overrides its {@code min_n} for that block
 * @param blocks the blocks, in order
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SweepSpec(String description, Integer threads, Integer jobs, ReportOptions report, List<Block> blocks) {

    /** Name the quick variant's folder takes inside the sweep folder, so no block may have it. */
    public static final String QUICK = "quick";

    /**
     * The report's options.
     *
     * @param minN smallest n the report's fits use (null: all)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ReportOptions(Integer minN) {
    }

    /**
     * One block of runs.
     *
     * @param name the block's folder name
     * @param base options every run of the block has
     * @param grid lists of values, by key; the block's runs are their Cartesian product
     * @param quick base and grid entries that replace the block's with {@code --quick}
     * @param fit the n range of the report's fits for this block's groups (null: the report's)
     */
    public record Block(String name, Map<String, JsonNode> base, Map<String, JsonNode> grid, Variant quick,
            FitRange fit) {
        /** Copies the maps, keeping their order; absent ones are empty. */
        public Block {
            base = base == null ? Map.of() : new LinkedHashMap<>(base);
            grid = grid == null ? Map.of() : new LinkedHashMap<>(grid);
        }

        /** This block as it runs: with {@code quick}, its quick entries replace its own, key by key. */
        public Block as(boolean quick) {
            if (!quick || this.quick == null) {
                return new Block(name, base, grid, null, fit);
            }
            Map<String, JsonNode> newBase = new LinkedHashMap<>(base);
            newBase.putAll(this.quick.base());
            // A replaced grid key keeps its place in the folder names; a new one goes last.
            Map<String, JsonNode> newGrid = new LinkedHashMap<>(grid);
            newGrid.putAll(this.quick.grid());
            return new Block(name, newBase, newGrid, null, fit);
        }
    }

    /**
     * The n range a block's fits use. The report cannot tell a {@code --quick} folder from a full one,
     * so the range applies to the block's runs in both.
     *
     * @param minN smallest n the fits of the block's groups use (null: the report's {@code min_n})
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record FitRange(Integer minN) {
    }

    /**
     * The {@code quick} entries of a block.
     *
     * @param base options replacing the block's base ones
     * @param grid lists replacing the block's grid ones
     */
    public record Variant(Map<String, JsonNode> base, Map<String, JsonNode> grid) {
        /** Copies the maps, keeping their order; absent ones are empty. */
        public Variant {
            base = base == null ? Map.of() : new LinkedHashMap<>(base);
            grid = grid == null ? Map.of() : new LinkedHashMap<>(grid);
        }
    }

    /** The smallest n the report's fits use; 0: all. */
    public int minN() {
        return report == null || report.minN() == null ? 0 : report.minN();
    }

    /**
     * The smallest n the fits of block {@code name}'s groups use: the block's {@code fit.min_n}, else
     * {@link #minN()} (also for a name that is not a block of this spec).
     */
    public int minN(String name) {
        Integer own = blockMinN(name);
        return own != null ? own : minN();
    }

    /** The block's own {@code fit.min_n}, or null when the block has none or is not in this spec. */
    public Integer blockMinN(String name) {
        for (Block block : blocks) {
            if (block.name().equals(name)) {
                return block.fit() == null ? null : block.fit().minN();
            }
        }
        return null;
    }

    /**
     * Reads and checks {@code file}.
     *
     * @throws IllegalArgumentException one line naming the file and what is wrong (an unknown key,
     *     an empty grid, a value that is not a number or a string, malformed JSON, a missing file)
     */
    public static SweepSpec read(Path file) {
        return read(file, Params.RUN);
    }

    /** As {@link #read(Path)}, with the run parameters of {@code table} as the keys a block may set. */
    public static SweepSpec read(Path file, ParamTable table) {
        SweepSpec spec;
        try {
            spec = Json.MAPPER.readerFor(SweepSpec.class)
                    .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                    .readValue(file.toFile());
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : " (allowed: " + e.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")";
            throw new IllegalArgumentException(prefix(file) + "unknown key '" + e.getPropertyName() + "' in "
                    + where(e.getPath().subList(0, e.getPath().size() - 1)) + known);
        } catch (MismatchedInputException e) {
            throw new IllegalArgumentException(prefix(file) + where(e.getPath()) + " must be "
                    + expected(e.getTargetType()));
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(prefix(file) + where(e.getPath()) + ": " + oneLine(e));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException("sweep spec " + file + " is not valid JSON: " + oneLine(e)
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new IllegalArgumentException("sweep spec " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("sweep spec " + file + " cannot be read (" + e.getMessage() + ")");
        }
        spec.check(file, table);
        return spec;
    }

    private void check(Path file, ParamTable table) {
        String at = prefix(file);
        if (threads != null && (threads < 1 || threads > 4096)) {
            throw new IllegalArgumentException(at + "threads must be in [1, 4096], got " + threads);
        }
        if (jobs != null && jobs < 1) {
            throw new IllegalArgumentException(at + "jobs must be >= 1, got " + jobs);
        }
        if (report != null && report.minN() != null && report.minN() < 0) {
            throw new IllegalArgumentException(at + "report.min_n must be >= 0, got " + report.minN());
        }
        if (blocks == null || blocks.isEmpty()) {
            throw new IllegalArgumentException(at + "has no blocks");
        }
        Set<String> names = new HashSet<>();
        for (int k = 0; k < blocks.size(); k++) {
            Block block = blocks.get(k);
            if (block == null || block.name() == null || block.name().isBlank()) {
                throw new IllegalArgumentException(at + "blocks[" + k + "] has no name");
            }
            String name = block.name();
            String where = at + "block '" + name + "': ";
            if (!PointKeys.nameSafe(name) || name.startsWith(".") || name.equals(QUICK)) {
                throw new IllegalArgumentException(where + "a block name is a folder name: letters, digits, '.', '_', "
                        + "'+' and '-', not starting with '.', and not '" + QUICK + "'");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException(where + "two blocks have this name");
            }
            if (block.grid().isEmpty()) {
                throw new IllegalArgumentException(where + "has no grid (give at least one key with a list of values, "
                        + "e.g. \"grid\": {\"seed\": [1]})");
            }
            if (block.fit() != null && block.fit().minN() != null && block.fit().minN() < 0) {
                throw new IllegalArgumentException(where + "fit.min_n must be >= 0, got " + block.fit().minN());
            }
            checkBase(where + "base", block.base(), table);
            checkGrid(where + "grid", block.grid(), table);
            if (block.quick() != null) {
                checkBase(where + "quick.base", block.quick().base(), table);
                checkGrid(where + "quick.grid", block.quick().grid(), table);
            }
        }
    }

    private static void checkBase(String where, Map<String, JsonNode> base, ParamTable table) {
        for (Map.Entry<String, JsonNode> entry : base.entrySet()) {
            checkKey(where, entry.getKey(), table);
            boolean list = table.byKey(entry.getKey()).type() == ParamType.PHASES;
            String text;
            try {
                text = list == entry.getValue().isArray() ? PointKeys.text(entry.getValue()) : null;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "." + entry.getKey() + ": " + e.getMessage());
            }
            if (text == null) {
                throw new IllegalArgumentException(where + "." + entry.getKey() + " must be "
                        + (list ? "a list of phases, objects such as {\"steps\": 1000, \"batch\": \"n/5\"}"
                                : "a number or a string") + ", got " + entry.getValue());
            }
        }
    }

    private static void checkGrid(String where, Map<String, JsonNode> grid, ParamTable table) {
        for (Map.Entry<String, JsonNode> entry : grid.entrySet()) {
            String key = entry.getKey();
            checkKey(where, key, table);
            JsonNode values = entry.getValue();
            if (values == null || !values.isArray()) {
                throw new IllegalArgumentException(where + "." + key + " must be a list of values, got " + values);
            }
            if (values.isEmpty()) {
                throw new IllegalArgumentException(where + "." + key + " is empty: a grid key needs at least one value");
            }
            Set<String> seen = new HashSet<>();
            for (JsonNode value : values) {
                String text = value.isArray() ? null : PointKeys.text(value);
                if (text == null) {
                    throw new IllegalArgumentException(where + "." + key + " must hold numbers or strings, got " + value);
                }
                if (!PointKeys.nameSafe(text)) {
                    throw new IllegalArgumentException(where + "." + key + " value '" + text + "' cannot be part of a "
                            + "folder name (letters, digits, '.', '_', '+' and '-' only)");
                }
                if (!seen.add(text)) {
                    throw new IllegalArgumentException(where + "." + key + " lists " + text + " twice");
                }
            }
        }
    }

    private static void checkKey(String where, String key, ParamTable table) {
        if (!table.keyOptions().containsKey(key)) {
            throw new IllegalArgumentException(where + ": unknown key '" + key + "' (allowed: "
                    + String.join(", ", table.keyOptions().keySet()) + ")");
        }
    }

    private static String prefix(Path file) {
        return "sweep spec " + file + ": ";
    }

    /** A JSON path such as {@code blocks[0].quick}, or "the top level". */
    private static String where(List<JsonMappingException.Reference> path) {
        List<String> parts = new ArrayList<>();
        for (JsonMappingException.Reference reference : path) {
            parts.add(reference.getFieldName() != null ? (parts.isEmpty() ? "" : ".") + reference.getFieldName()
                    : "[" + reference.getIndex() + "]");
        }
        return parts.isEmpty() ? "the top level" : String.join("", parts);
    }

    /** What a value of {@code type} is, in words. */
    private static String expected(Class<?> type) {
        if (type == null) {
            return "a JSON object";
        }
        if (type == Integer.class || type == int.class) {
            return "an integer";
        }
        if (type == String.class) {
            return "a string";
        }
        return Collection.class.isAssignableFrom(type) ? "a list" : "an object ({...})";
    }

    private static String oneLine(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int source = message.indexOf(" (start marker at");
        return (source < 0 ? message : message.substring(0, source)).replaceAll("\\s+", " ").strip();
    }
}
