package org.meanfield.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.meanfield.cli.CliRun;

/** What the export tests share: the CLI in process, tiny training runs, and snapshots of folders. */
public final class ExportFixtures {
    private ExportFixtures() {
    }

    /** Runs {@code meanfield args} in this JVM. */
    public static CliRun cli(String... args) {
        return CliRun.run(args);
    }

    /** Runs {@code meanfield args} and requires exit 0. */
    public static CliRun cliOk(String... args) {
        CliRun result = cli(args);
        assertEquals(0, result.exit(), List.of(args) + " -> " + result);
        return result;
    }

    /** Trains a tiny run (d = 3, n = 8, 20 steps, 64 test points) into {@code folder}, with extra options. */
    public static Path train(Path folder, String... options) {
        List<String> args = new ArrayList<>(List.of("train", "-d", "3", "-n", "8", "--steps", "20", "--test-size", "64",
                "-o", folder.toString(), "-q"));
        args.addAll(List.of(options));
        cliOk(args.toArray(String[]::new));
        return folder;
    }

    /** Every file and folder under {@code root} (relative path) with its bytes, to check that nothing changed. */
    public static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                out.put(root.relativize(path) + (Files.isDirectory(path) ? "/" : ""),
                        Files.isRegularFile(path) ? Base64.getEncoder().encodeToString(Files.readAllBytes(path)) : "");
            }
        }
        return out;
    }
}
