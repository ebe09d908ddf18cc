package org.meanfield.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanfield.engine.KernelChoice;
import org.meanfield.folder.AtomicFiles;
import org.meanfield.folder.MetricsLog;
import org.meanfield.folder.MetricsRow;
import org.meanfield.folder.RunFolders;

/** Choosing and preparing a run folder, and the files written into it. */
class RunFoldersTest {
    @TempDir
    Path dir;

    @Test
    void prepareCreatesNestedFoldersAndLeavesThemEmpty() throws IOException {
        Path folder = dir.resolve("a/b/c");
        RunFolders.prepare(folder);
        assertTrue(Files.isDirectory(folder));
        try (var files = Files.list(folder)) {
            assertEquals(0, files.count(), "the write probe is removed");
        }
    }

    @Test
    void refusesAFolderThatHoldsARun() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("run"));
        Files.writeString(folder.resolve("config.json"), "{}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunFolders.prepare(folder));
        assertTrue(e.getMessage().contains("already holds a run"), e.getMessage());
    }

    @Test
    void refusesAFolderUnderARegularFile() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunFolders.prepare(file.resolve("sub")));
        assertTrue(e.getMessage().startsWith("--out "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertEquals("x", Files.readString(file));
    }

    @Test
    void defaultFolderNamesTheRun() {
        Path folder = RunFolders.defaultFolder(Configs.small(KernelChoice.SCALAR));
        assertEquals("runs", folder.getParent().toString());
        assertTrue(folder.getFileName().toString().matches("relu-d5-n600-sgd-\\d{8}-\\d{6}"), folder.toString());
    }

    @Test
    void atomicWriteReplacesTheFileAndLeavesNoTemporary() throws IOException {
        Path file = dir.resolve("f.json");
        AtomicFiles.write(file, "old".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(file, "new".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("new".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(file));
        assertFalse(Files.exists(dir.resolve("f.json.tmp")));
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
        // Full precision: the numbers read back exactly.
        assertEquals(1.0 / 3, Double.parseDouble(row[5]));
        assertEquals("NaN", lines.get(1).split(",")[2]);
    }
}
