package org.meanfield.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanfield.export.ExportFixtures;
import org.meanfield.folder.RunFolders;

/** {@code meanfield export} on the command line: its help, and bad input refused in one line with nothing written. */
class ExportCommandTest {
    @TempDir
    Path dir;

    private static void assertOneLineError(CliRun result, int exit, String... phrases) {
        assertEquals(exit, result.exit(), result.toString());
        assertEquals(1, result.errLines().size(), "err: " + result.err());
        String line = result.errLines().get(0);
        assertTrue(line.startsWith("meanfield: "), line);
        assertFalse(line.contains("--resume"), "export has no --resume: " + line);
        for (String phrase : phrases) {
            assertTrue(line.contains(phrase), "'" + phrase + "' in: " + line);
        }
        assertFalse(result.err().contains("\tat "), result.err());
        assertEquals("", result.out());
    }

    /** Runs {@code export args} and requires the error, and that nothing under the temporary folder changed. */
    private void assertRefused(int exit, String[] args, String... phrases) throws IOException {
        Map<String, String> before = ExportFixtures.snapshot(dir);
        assertOneLineError(ExportFixtures.cli(args), exit, phrases);
        assertEquals(before, ExportFixtures.snapshot(dir), "nothing written");
    }

    @Test
    void helpNamesTheFilesAndOptions() {
        CliRun result = ExportFixtures.cliOk("export", "--help");
        for (String word : new String[] {"RUN", "--out", "--test-points", "c.npy", "a.npy", "centres.npy",
            "target_T.npy", "layout.json", "x_test.npy", "fn_test.npy", "evaluate_export.py"}) {
            assertTrue(result.out().contains(word), word + " in:\n" + result.out());
        }
    }

    @Test
    void aMissingRunArgumentIsAUsageError() throws IOException {
        assertRefused(Main.USAGE, new String[] {"export"}, "RUN");
    }

    @Test
    void aFolderThatDoesNotExistIsRefused() throws IOException {
        assertRefused(Main.USAGE, new String[] {"export", dir.resolve("nowhere").toString()}, "does not exist");
    }

    @Test
    void aFolderThatIsNotARunIsRefused() throws IOException {
        Files.createDirectory(dir.resolve("plain"));
        Files.writeString(dir.resolve("plain/notes.txt"), "not a run");
        assertRefused(Main.USAGE, new String[] {"export", dir.resolve("plain").toString()}, "is not a run folder",
                RunFolders.CONFIG);
    }

    @Test
    void aRunWithoutACheckpointIsRefused() throws IOException {
        Path run = ExportFixtures.train(dir.resolve("run"));
        Files.delete(run.resolve(RunFolders.CHECKPOINT));
        assertRefused(Main.USAGE, new String[] {"export", run.toString()}, "has no " + RunFolders.CHECKPOINT);
    }

    @Test
    void anOutFolderThatHoldsFilesIsRefused() throws IOException {
        Path run = ExportFixtures.train(dir.resolve("run"));
        Path out = Files.createDirectory(dir.resolve("out"));
        Files.writeString(out.resolve("keep.txt"), "mine");
        assertRefused(Main.USAGE, new String[] {"export", run.toString(), "--out", out.toString(), "--test-points"},
                "--out " + out, "already holds files");
        Path file = Files.writeString(dir.resolve("file"), "mine");
        assertRefused(Main.USAGE, new String[] {"export", run.toString(), "--out", file.toString()}, "is not a folder");
    }

    @Test
    void aSecondExportIntoTheDefaultFolderIsRefused() throws IOException {
        Path run = ExportFixtures.train(dir.resolve("run"));
        CliRun first = ExportFixtures.cliOk("export", run.toString());
        assertTrue(first.out().contains("step 20"), first.out());
        assertTrue(first.out().contains(run.resolve("export").toString()), first.out());
        assertRefused(Main.USAGE, new String[] {"export", run.toString()}, "already holds files", "--out");
    }

    @Test
    void aDamagedCheckpointIsRefusedAsAFailure() throws IOException {
        Path run = ExportFixtures.train(dir.resolve("run"));
        try (RandomAccessFile file = new RandomAccessFile(run.resolve(RunFolders.CHECKPOINT).toFile(), "rw")) {
            file.seek(file.length() - 20);
            int b = file.read();
            file.seek(file.length() - 20);
            file.write(b ^ 0x40);
        }
        assertRefused(Main.FAILURE, new String[] {"export", run.toString()}, "cannot export", RunFolders.CHECKPOINT,
                "corrupt");
    }
}
