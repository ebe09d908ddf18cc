package org.meanfield.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanfield.cli.CliRun;
import org.meanfield.cli.Main;
import org.meanfield.folder.RunFolders;

/**
 * A disk that fills up under a run, on a real file system: a small tmpfs mounted for the test (it
 * needs root, as the CI and development machines give; elsewhere it is skipped and says so). The
 * message names the file and its folder and says what was kept; a run that failed before its first
 * checkpoint leaves nothing behind.
 */
class FullDiskTest {
    @TempDir
    Path dir;
    private Path disk;

    /** Mounts a tmpfs of {@code bytes} at a fresh folder, or skips the test where that is not allowed. */
    private Path mount(String size) throws IOException, InterruptedException {
        disk = Files.createDirectories(dir.resolve("disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes());
        boolean ok = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
        if (!ok) {
            System.out.println("FullDiskTest skipped: cannot mount a tmpfs here (" + output.strip() + ")");
            disk = null;
        }
        assumeTrue(ok, "needs to mount a tmpfs (root)");
        return disk;
    }

    @AfterEach
    void unmount() throws IOException, InterruptedException {
        if (disk != null) {
            new ProcessBuilder("umount", disk.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aDiskFullBeforeTheFirstCheckpointLeavesNothing() throws Exception {
        Path full = mount("4k"); // one page: config.json fits, the checkpoint does not
        Path run = full.resolve("run");
        CliRun result = RunFixtures.cli(RunFixtures.train(run, "-d", "5", "-n", "64", "--steps", "20",
                "--test-size", "16", "--threads", "1"));
        RunFixtures.assertOneLineError(result, Main.FAILURE);
        String message = result.errLines().get(0);
        assertTrue(message.matches("meanfield: writing " + run + "/[a-z.]+ failed.*No space left on device.*")
                && message.endsWith("; nothing of the run was kept"), message);
        assertEquals(List.of(), names(full), "the run folder the run made is gone");
    }

    @Test
    void aDiskFullUnderTheMetricsKeepsTheCheckpointAndSaysSo() throws Exception {
        Path full = mount("16k"); // config.json, the checkpoint and its rewrite fit; 400 rows do not
        Path run = full.resolve("run");
        CliRun result = RunFixtures.cli(RunFixtures.train(run, "-d", "5", "-n", "64", "--steps", "400",
                "--eval-every", "1", "--test-size", "16", "--threads", "1"));
        RunFixtures.assertOneLineError(result, Main.FAILURE);
        String message = result.errLines().get(0);
        assertTrue(message.contains("writing " + run.resolve(RunFolders.METRICS) + " failed: No space left on device")
                && message.contains(run + " keeps its checkpoint of step 0 and the metrics up to it: continue with "
                        + "--resume " + run), message);
        assertFalse(Files.exists(run.resolve(RunFolders.SUMMARY)));
        // Where there is room again, the run continues to the end.
        Path moved = dir.resolve("moved");
        copy(run, moved);
        RunFixtures.cliOk(RunFixtures.resume(moved));
        assertTrue(Files.exists(moved.resolve(RunFolders.SUMMARY)));
    }

    @Test
    void aDiskFullUnderAResumeKeepsTheCheckpointAndTheRunGoesOnLater() throws Exception {
        String[] options = {"-d", "3", "-n", "16", "--eval-every", "5", "--test-size", "16", "--threads", "1"};
        Path elsewhere = dir.resolve("elsewhere");
        RunFixtures.cliOk(RunFixtures.train(elsewhere, concat(options, "--steps", "20")));
        Path full = mount("64k");
        Path run = full.resolve("run");
        copy(elsewhere, run);
        // Without its summary, whose removal would free a page: each later write replaces a file whole.
        Files.delete(run.resolve(RunFolders.SUMMARY));
        fill(full.resolve("filler"));
        byte[] before = Files.readAllBytes(run.resolve(RunFolders.CHECKPOINT));
        CliRun result = RunFixtures.cli(RunFixtures.resume(run, "--steps", "40", "--checkpoint-every", "5"));
        RunFixtures.assertOneLineError(result, Main.FAILURE);
        String message = result.errLines().get(0);
        assertTrue(message.matches("meanfield: writing " + run + "/[a-z.]+ failed.*No space left on device.*")
                && message.contains(run + " keeps its checkpoint of step 20 and the metrics up to it"), message);
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(run.resolve(RunFolders.CHECKPOINT))));
        RunFixtures.assertNoTemporaryFiles(run);
        // Moved where there is room, it ends as the run never interrupted.
        Path moved = dir.resolve("moved");
        copy(run, moved);
        RunFixtures.cliOk(RunFixtures.resume(moved, "--steps", "40"));
        Path reference = dir.resolve("reference");
        RunFixtures.cliOk(RunFixtures.train(reference, concat(options, "--steps", "40")));
        RunFixtures.assertSameFinalState(reference, moved);
    }

    /** Writes {@code file} until the disk is full. */
    private static void fill(Path file) throws IOException {
        byte[] page = new byte[4096];
        try (var out = Files.newOutputStream(file)) {
            while (true) {
                out.write(page);
                out.flush();
            }
        } catch (IOException full) {
            // the disk is full
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String name : names(from)) {
            Files.copy(from.resolve(name), to.resolve(name));
        }
    }
}
