package org.meanfield.run;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.meanfield.run.RunFixtures.assertOneLineError;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanfield.cli.CliRun;
import org.meanfield.cli.Main;
import org.meanfield.folder.MetricsRow;
import org.meanfield.folder.RunFolders;

/**
 * A damaged, foreign or mismatched checkpoint is refused by {@code train --resume} with one line that
 * names the file and the reason, exit code 1, and the run folder untouched.
 */
class CheckpointCorruptionTest {
    @TempDir
    static Path shared;
    private static Path base;
    private static byte[] otherRun;

    @TempDir
    Path dir;

    @BeforeAll
    static void runs() throws IOException {
        base = shared.resolve("base");
        RunFixtures.cliOk(RunFixtures.train(base, "-d", "4", "-n", "40", "--steps", "20", "--eval-every", "5",
                "--test-size", "32", "--threads", "1"));
        Path other = shared.resolve("other");
        RunFixtures.cliOk(RunFixtures.train(other, "-d", "4", "-n", "40", "--steps", "20", "--eval-every", "5",
                "--test-size", "32", "--threads", "1", "--dt", "0.04"));
        otherRun = Files.readAllBytes(other.resolve(RunFolders.CHECKPOINT));
    }

    private static Arguments damage(String name, UnaryOperator<byte[]> change, String reason) {
        return Arguments.of(name, change, reason);
    }

    private static byte[] flip(byte[] bytes, int offset) {
        byte[] out = bytes.clone();
        int at = offset >= 0 ? offset : bytes.length + offset;
        out[at] ^= 0x10;
        return out;
    }

    private static byte[] withInt(byte[] bytes, int offset, int value) {
        byte[] out = bytes.clone();
        ByteBuffer.wrap(out).putInt(offset, value);
        return out;
    }

    private static byte[] withLong(byte[] bytes, int offset, long value) {
        byte[] out = bytes.clone();
        ByteBuffer.wrap(out).putLong(offset, value);
        return out;
    }

    static Stream<Arguments> damages() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1,
            0, 0, 0, 1, 8, 2, 0, 0, 0};
        return Stream.of(
                damage("empty", b -> new byte[0], "is empty"),
                damage("cut inside the preamble", b -> Arrays.copyOf(b, 11), "is truncated"),
                damage("cut in half", b -> Arrays.copyOf(b, b.length / 2), "is truncated: "),
                damage("one byte short", b -> Arrays.copyOf(b, b.length - 1), "is truncated: "),
                damage("a byte too many", b -> Arrays.copyOf(b, b.length + 1), "its header declares"),
                damage("bit flip in a particle", b -> flip(b, -100), "CRC32C"),
                damage("bit flip in the run's field count", b -> flip(b, 23), "CRC32C"),
                damage("bit flip in a run field", b -> flip(b, 130), "CRC32C"),
                damage("bit flip in the stored CRC", b -> flip(b, -1), "CRC32C"),
                damage("bit flip in the magic", b -> flip(b, 3), "is not a meanfield checkpoint"),
                damage("foreign: JSON", b -> "{\"d\": 4, \"n\": 40}\n".getBytes(StandardCharsets.UTF_8),
                        "is not a meanfield checkpoint"),
                damage("foreign: PNG", b -> png, "is not a meanfield checkpoint"),
                damage("foreign: zeros", b -> new byte[b.length], "is not a meanfield checkpoint"),
                damage("a newer version", b -> withInt(b, 8, 4), "has format version 4; this build reads versions 1 to 3"),
                damage("wrong declared length", b -> withLong(b, 12, b.length + 8L), "is truncated: "),
                damage("another run's checkpoint", b -> otherRun, "does not belong to this run"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damages")
    void aDamagedCheckpointIsRefused(String name, UnaryOperator<byte[]> change, String reason) throws IOException {
        Path run = copyOfBase();
        Path file = run.resolve(RunFolders.CHECKPOINT);
        Files.write(file, change.apply(Files.readAllBytes(file)));
        assertRefused(run, file, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("metricsDamages")
    void metricsThatDoNotMatchTheCheckpointAreRefused(String name, UnaryOperator<byte[]> change, String reason)
            throws IOException {
        Path run = copyOfBase();
        Path file = run.resolve(RunFolders.METRICS);
        byte[] changed = change.apply(Files.readAllBytes(file));
        if (changed == null) {
            Files.delete(file);
        } else {
            Files.write(file, changed);
        }
        assertRefused(run, file, reason);
    }

    static Stream<Arguments> metricsDamages() {
        return Stream.of(
                damage("missing", b -> null, "is missing"),
                damage("cut short", b -> Arrays.copyOf(b, b.length - 10), "fewer than the"),
                damage("a line break lost", b -> {
                    byte[] out = b.clone();
                    out[MetricsRow.HEADER.length()] = ' ';
                    return out;
                }, "does not match"),
                damage("a same-length line changed in the middle", b -> {
                    byte[] out = b.clone();
                    int secondRow = new String(b, StandardCharsets.US_ASCII).indexOf('\n', MetricsRow.HEADER.length() + 1);
                    out[secondRow + 1] = (byte) (out[secondRow + 1] == '9' ? '8' : '9');
                    return out;
                }, "was changed after"));
    }

    @Test
    void aRemovedCheckpointIsRefusedWhenMetricsShowTheRunWentOn() throws IOException {
        Path run = copyOfBase();
        Path file = run.resolve(RunFolders.CHECKPOINT);
        Files.delete(file);
        assertRefused(run, file, "does not exist, but metrics.csv does");
    }

    private void assertRefused(Path run, Path file, String reason) throws IOException {
        Map<String, byte[]> before = RunFixtures.contents(run);
        CliRun result = RunFixtures.cli(RunFixtures.resume(run));
        assertOneLineError(result, Main.FAILURE);
        String line = result.errLines().get(0);
        assertTrue(line.contains(file.toString()), "names the file: " + line);
        assertTrue(line.contains(reason), "says why (" + reason + "): " + line);
        RunFixtures.assertUnchanged(before, run);
    }

    private Path copyOfBase() throws IOException {
        Path copy = Files.createDirectories(dir.resolve("run"));
        for (Map.Entry<String, byte[]> file : RunFixtures.contents(base).entrySet()) {
            Files.write(copy.resolve(file.getKey()), file.getValue());
        }
        return copy;
    }
}
