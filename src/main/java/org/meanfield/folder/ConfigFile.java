package org.meanfield.folder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.meanfield.config.ParamTable;
import org.meanfield.config.Params;
import org.meanfield.config.RunConfig;

/**
 * A run folder's {@code config.json}: every run parameter by its key ({@link Params#RUN}), then
 * what was resolved when the run started (C_f, the engine, the JVM, the build, the conventions).
 */
public final class ConfigFile {
    private ConfigFile() {
    }

    /** Writes {@code config}'s parameters followed by {@code resolved}'s fields to {@code folder}'s config.json, atomically. */
    public static void write(Path folder, RunConfig config, ObjectNode resolved) throws IOException {
        ObjectNode node = config.table().toJson(config);
        node.setAll(resolved);
        BuildInfo.CURRENT.addTo(node);
        Json.write(folder.resolve(RunFolders.CONFIG), node);
    }

    /**
     * The run parameters of {@code folder}'s config.json, validated; its other fields are ignored.
     *
     * @param subject how messages name the folder ("--resume FOLDER", or the folder alone)
     * @throws IllegalArgumentException one line naming {@code subject} and what is wrong
     */
    public static RunConfig read(Path folder, String subject) {
        return read(folder, subject, Params.RUN);
    }

    /** As {@link #read(Path, String)}, for the parameters of {@code table}. */
    public static RunConfig read(Path folder, String subject, ParamTable table) {
        JsonNode tree = readTree(folder, subject);
        Path file = folder.resolve(RunFolders.CONFIG);
        RunConfig config;
        try {
            config = table.fromJson(tree);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(subject + ": " + file + " is not a valid run config: " + e.getMessage());
        }
        List<String> problems = config.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(subject + ": " + file + " is not a valid run config: " + problems.get(0));
        }
        return config;
    }

    /**
     * The whole of {@code folder}'s config.json, as a JSON object.
     *
     * @throws IllegalArgumentException one line naming {@code subject} and what is wrong
     */
    public static ObjectNode readTree(Path folder, String subject) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(subject + (Files.exists(folder) ? " is not a folder" : " does not exist"));
        }
        Path file = folder.resolve(RunFolders.CONFIG);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(subject + " is not a run folder (it has no " + RunFolders.CONFIG + ")");
        }
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(subject + ": " + file + " cannot be read ("
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException(subject + ": " + file + " is not a JSON object");
        }
        return (ObjectNode) tree;
    }
}
