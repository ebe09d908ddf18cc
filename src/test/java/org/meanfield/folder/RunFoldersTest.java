package org.meanfield.folder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanfield.config.Params;

/** Claiming run and sweep folders before anything is written, and the files written into them. */
class RunFoldersTest {
    @TempDir
    Path dir;

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aNewRunFolderIsCreatedWithItsParentsAndHoldsOnlyTheLock() throws IOException {
        Path folder = dir.resolve("a/b/c");
        try (FolderLock lock = RunFolders.claimNewRun(folder, "--out")) {
            assertTrue(Files.isDirectory(folder));
            assertEquals(List.of(FolderLock.FILE), names(folder), "the write probe is removed");
            assertTrue(Files.readString(folder.resolve(FolderLock.FILE)).startsWith("pid " + ProcessHandle.current().pid()));
        }
        assertEquals("", Files.readString(folder.resolve(FolderLock.FILE)), "the record is cleared on release");
        // An empty folder, or one left by a released claim, may be claimed again.
        RunFolders.claimNewRun(folder, "--out").close();
    }

    @Test
    void refusesAFolderThatHoldsARunAndNamesResume() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("run"));
        Files.writeString(folder.resolve("config.json"), "{}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunFolders.claimNewRun(folder, "--out"));
        assertTrue(e.getMessage().contains("already holds a run") && e.getMessage().contains("--resume"), e.getMessage());
    }

    @Test
    void refusesAFolderOfOtherFilesAndTouchesNothing() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(folder.resolve("metrics.csv"), "my own numbers");
        Files.writeString(folder.resolve("summary.json"), "{\"mine\": true}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunFolders.claimNewRun(folder, "--out"));
        assertEquals("--out " + folder + " holds files that are not a meanfield run (metrics.csv, summary.json); "
                + "choose a new or empty folder", e.getMessage());
        assertEquals("my own numbers", Files.readString(folder.resolve("metrics.csv")));
        assertEquals(List.of("metrics.csv", "summary.json"), names(folder));
    }

    @Test
    void refusesAnEmptyNameAFileAndAFolderUnderAFile() throws IOException {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> RunFolders.claimNewRun(Path.of(""), "--out"));
        assertEquals("--out must name a folder, got an empty string", empty.getMessage());
        Path file = Files.writeString(dir.resolve("file"), "x");
        IllegalArgumentException isFile = assertThrows(IllegalArgumentException.class,
                () -> RunFolders.claimNewRun(file, "--out"));
        assertTrue(isFile.getMessage().contains("is a file"), isFile.getMessage());
        IllegalArgumentException under = assertThrows(IllegalArgumentException.class,
                () -> RunFolders.claimNewRun(file.resolve("sub"), "--out"));
        assertTrue(under.getMessage().startsWith("--out "), under.getMessage());
        assertFalse(under.getMessage().contains("\n"));
        assertEquals("x", Files.readString(file));
    }

    @Test
    void aRefusedClaimLeavesNothingBehind() throws IOException {
        Path busy = Files.createDirectories(dir.resolve("busy"));
        try (FolderLock held = FolderLock.acquire(busy, "test")) {
            // "x/../busy" is normalised first: no folder x is made on the way.
            FolderBusyException e = assertThrows(FolderBusyException.class,
                    () -> RunFolders.claimNewRun(dir.resolve("x/../busy"), "--out"));
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("x")));
        // A lock file that cannot be opened: one line, and the folder as it was.
        Path odd = dir.resolve("odd");
        Files.createDirectories(odd.resolve(FolderLock.FILE)); // a folder where the lock file should be
        IllegalArgumentException cannot = assertThrows(IllegalArgumentException.class,
                () -> RunFolders.claimNewRun(odd, "--out"));
        assertTrue(cannot.getMessage().startsWith("--out " + odd + " is not a writable folder"), cannot.getMessage());
        assertTrue(Files.isDirectory(odd.resolve(FolderLock.FILE)), "left as it was");
        Path made = dir.resolve("made/here");
        Files.createDirectories(dir.resolve("made"));
        Files.writeString(dir.resolve("made/here"), "a file where the folder should be");
        assertThrows(IllegalArgumentException.class, () -> RunFolders.claimNewRun(made.resolve("run"), "--out"));
        assertEquals(List.of("here"), names(dir.resolve("made")));
    }

    @Test
    void aSweepFolderMayHoldASweepOrTheSpecButNothingElse() throws IOException {
        Path spec = Files.writeString(dir.resolve("spec.json"), "{}");
        RunFolders.claimSweep(dir, spec, "--out").close(); // the spec's own folder
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("results.csv"), "mine");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunFolders.claimSweep(other, spec, "--out"));
        assertTrue(e.getMessage().contains("not a meanfield sweep (results.csv, but no sweep.json)"), e.getMessage());
        Files.writeString(other.resolve(RunFolders.SWEEP_SPEC), "{}");
        RunFolders.claimSweep(other, spec, "--out").close();
    }

    @Test
    void defaultFolderNamesTheRun() {
        Path folder = RunFolders.defaultFolder(Params.RUN.given().setText("d", "5").setText("n", "600").resolve());
        assertEquals("runs", folder.getParent().toString());
        assertTrue(folder.getFileName().toString().matches("relu-d5-n600-sgd-\\d{8}-\\d{6}"), folder.toString());
    }

    @Test
    void atomicWriteReplacesTheFileAndLeavesNoTemporary() throws IOException {
        Path file = dir.resolve("f.json");
        AtomicFiles.write(file, "old".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(file, "new".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("new".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(file));
        assertEquals(List.of("f.json"), names(dir));
    }

    @Test
    void theLockHolderRemovesTemporariesOfKilledWriters() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("run"));
        Files.writeString(folder.resolve("checkpoint.bin.12345-7.tmp"), "torn");
        Files.writeString(folder.resolve("notes.tmp"), "not ours");
        RunFolders.claimRun(folder).close();
        assertEquals(List.of(FolderLock.FILE, "notes.tmp"), names(folder));
    }

    @Test
    void metricsRowsMatchTheHeader() throws IOException {
        Path file = dir.resolve("metrics.csv");
        try (MetricsLog log = new MetricsLog(file)) {
            log.append(new MetricsRow(0, 0, Double.NaN, 1.5, 0.25, 0.5, 0.001));
            log.append(new MetricsRow(10, 0.5, 1.25, 1.0, 0.125, 1.0 / 3, 2.5));
        }
        var lines = Files.readAllLines(file);
        assertEquals(MetricsRow.HEADER, lines.get(0));
        assertEquals(3, lines.size());
        String[] row = lines.get(2).split(",");
        assertEquals(MetricsRow.HEADER.split(",").length, row.length);
        assertEquals("10", row[0]);
        assertEquals("0", row[1]); // the phase
        // Full precision: the numbers read back exactly.
        assertEquals(1.0 / 3, Double.parseDouble(row[6]));
        assertEquals("NaN", lines.get(1).split(",")[3]);
    }
}
