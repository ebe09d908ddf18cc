package org.meanfield.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.meanfield.cli.CliRun;
import org.meanfield.folder.Checkpoint;
import org.meanfield.folder.CheckpointFormat;
import org.meanfield.folder.MetricsRow;
import org.meanfield.folder.RunFolders;
import org.meanfield.model.Particles;

/** What the checkpoint tests share: running the CLI in process, reading and comparing run folders. */
final class RunFixtures {
    private RunFixtures() {
    }

    /** Runs {@code meanfield args} in this JVM. */
    static CliRun cli(List<String> args) {
        return CliRun.run(args.toArray(String[]::new));
    }

    /** Runs {@code meanfield args} in this JVM and requires exit 0. */
    static CliRun cliOk(List<String> args) {
        CliRun result = cli(args);
        assertEquals(0, result.exit(), args + " -> " + result);
        return result;
    }

    /** A failed invocation printed exactly one line, "meanfield: ...", and no stack trace. */
    static void assertOneLineError(CliRun result, int exit) {
        assertEquals(exit, result.exit(), result.toString());
        assertEquals(1, result.errLines().size(), "err: " + result.err());
        assertTrue(result.errLines().get(0).startsWith("meanfield: "), result.err());
        assertNoStackTrace(result.err());
    }

    static void assertNoStackTrace(String text) {
        assertFalse(text.contains("\tat "), text);
        assertFalse(text.contains("Exception in thread"), text);
        assertFalse(text.contains("at org.meanfield"), text);
    }

    /** A metrics.csv line without its column {@code wall} (wall_s's, found in the file's header). */
    static String withoutColumn(String line, int wall) {
        List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
        cells.remove(wall);
        return String.join(",", cells);
    }

    /**
     * Lines of the folder's metrics.csv without the wall_s column (found by its name); fails on a
     * torn last line or a row that does not match the file's own header (a file begun by an older
     * version keeps its columns).
     */
    static List<String> metricsWithoutWallTime(Path folder) throws IOException {
        String text = Files.readString(folder.resolve(RunFolders.METRICS));
        assertTrue(text.endsWith("\n"), "metrics.csv ends with a whole line");
        List<String> lines = text.lines().toList();
        int header = lines.get(0).split(",", -1).length;
        int wall = List.of(lines.get(0).split(",", -1)).indexOf("wall_s");
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            assertEquals(header, line.split(",", -1).length, "a whole row: " + line);
            out.add(withoutColumn(line, wall));
        }
        return out;
    }

    /** The folder's checkpoint. */
    static Checkpoint checkpoint(Path folder) throws IOException {
        return CheckpointFormat.read(folder.resolve(RunFolders.CHECKPOINT));
    }

    /** Same n, z_dim and the same bits in every parameter. */
    static void assertBitwiseEqual(Particles expected, Particles actual) {
        assertEquals(expected.n(), actual.n());
        assertEquals(expected.zDim(), actual.zDim());
        for (int i = 0; i < expected.c().length; i++) {
            if (Double.doubleToRawLongBits(expected.c()[i]) != Double.doubleToRawLongBits(actual.c()[i])) {
                assertEquals(expected.c()[i], actual.c()[i], "c of particle " + i);
                assertEquals(Double.doubleToRawLongBits(expected.c()[i]), Double.doubleToRawLongBits(actual.c()[i]));
            }
        }
        for (int k = 0; k < expected.z().length; k++) {
            if (Double.doubleToRawLongBits(expected.z()[k]) != Double.doubleToRawLongBits(actual.z()[k])) {
                assertEquals(expected.z()[k], actual.z()[k], "z[" + k + "]");
                assertEquals(Double.doubleToRawLongBits(expected.z()[k]), Double.doubleToRawLongBits(actual.z()[k]));
            }
        }
    }

    /**
     * The final state of two runs is the same: the particles, the step, the sampler and the
     * metrics (but wall_s) bit for bit, and both ended with a summary.
     */
    static void assertSameFinalState(Path expected, Path actual) throws IOException {
        Checkpoint a = checkpoint(expected);
        Checkpoint b = checkpoint(actual);
        assertEquals(a.run(), b.run());
        assertEquals(a.step(), b.step());
        assertEquals(a.samplerState(), b.samplerState());
        // Rows, not bytes: wall_s is printed with as many digits as it has (a run slowed past 10 s
        // writes one more); the rows but wall_s are compared below.
        assertEquals(a.metrics().rows(), b.metrics().rows());
        assertBitwiseEqual(a.particles(), b.particles());
        List<String> want = metricsWithoutWallTime(expected);
        List<String> got = metricsWithoutWallTime(actual);
        if (!want.get(0).equals(got.get(0))) {
            // A run begun by an older version (before the phase column or the signed errors) goes on in
            // its own columns: compare the columns both files have.
            List<String> common = new ArrayList<>(List.of(want.get(0).split(",")));
            common.retainAll(List.of(got.get(0).split(",")));
            want = onColumns(want, common);
            got = onColumns(got, common);
        }
        assertEquals(want, got);
        assertTrue(Files.exists(actual.resolve(RunFolders.SUMMARY)));
        assertNoTemporaryFiles(actual);
    }

    /** Metrics lines (header first) on the columns {@code names}, in that order. */
    static List<String> onColumns(List<String> lines, List<String> names) {
        List<String> header = List.of(lines.get(0).split(","));
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            out.add(String.join(",", names.stream().map(name -> cells[header.indexOf(name)]).toList()));
        }
        return out;
    }

    static void assertNoTemporaryFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<String> left = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
            assertEquals(List.of(), left, "temporary files left in " + folder);
        }
    }

    /** Every file of a folder and its bytes, to check that nothing changed. */
    static Map<String, byte[]> contents(Path folder) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                out.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        return out;
    }

    static void assertUnchanged(Map<String, byte[]> before, Path folder) throws IOException {
        Map<String, byte[]> after = contents(folder);
        assertEquals(before.keySet(), after.keySet(), "the files of " + folder);
        for (String name : before.keySet()) {
            assertTrue(java.util.Arrays.equals(before.get(name), after.get(name)), name + " changed");
        }
    }

    /** The options {@code base} followed by {@code more}. */
    static String[] concat(String[] base, String... more) {
        List<String> all = new ArrayList<>(List.of(base));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** {@code train} with the given options, quiet, into {@code folder}. */
    static List<String> train(Path folder, String... options) {
        List<String> args = new ArrayList<>(List.of("train", "-q", "--out", folder.toString()));
        args.addAll(List.of(options));
        return args;
    }

    /** {@code train --resume folder} with the given options, quiet. */
    static List<String> resume(Path folder, String... options) {
        List<String> args = new ArrayList<>(List.of("train", "-q", "--resume", folder.toString()));
        args.addAll(List.of(options));
        return args;
    }
}
