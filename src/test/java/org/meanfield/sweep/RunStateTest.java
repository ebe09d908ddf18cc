package org.meanfield.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanfield.folder.FolderLock;
import org.meanfield.folder.RunFolders;

/** A run's state from its folder alone, as --status reads it for either executor. */
class RunStateTest {
    @TempDir
    Path dir;

    private Path folder(String name, String... files) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        for (String file : files) {
            Files.writeString(folder.resolve(file), "x");
        }
        return folder;
    }

    @Test
    void eachStateFromItsFiles() throws IOException {
        assertEquals(RunState.PENDING, RunState.of(dir.resolve("never"), false));
        assertEquals(RunState.PENDING, RunState.of(folder("empty"), false));
        assertEquals(RunState.STOPPED, RunState.of(folder("stopped", RunFolders.CONFIG, RunFolders.CHECKPOINT), false));
        assertEquals(RunState.FAILED, RunState.of(folder("failed", RunFolders.CONFIG, RunFolders.CHECKPOINT,
                RunFolders.FAILURE), false));
        assertEquals(RunState.FAILED, RunState.of(folder("listed", RunFolders.CONFIG, RunFolders.CHECKPOINT), true));
        assertEquals(RunState.DONE, RunState.of(folder("done", RunFolders.CONFIG, RunFolders.CHECKPOINT,
                RunFolders.SUMMARY, RunFolders.FAILURE), true), "a summary wins over an old failure");
        Path running = folder("running", RunFolders.CONFIG, RunFolders.CHECKPOINT);
        try (FolderLock lock = FolderLock.acquire(running, "train")) {
            assertEquals(RunState.RUNNING, RunState.of(running, false));
        }
        assertEquals(RunState.STOPPED, RunState.of(running, false), "the lock released");
    }

    @Test
    void failedRowsOfTheLocalExecutorsResults() throws IOException {
        Files.writeString(dir.resolve(SweepRunner.RESULTS), ResultRow.HEADER + "\n"
                + "b/n8,b,relu,3,8,sgd,0.05,64,4096,0.33,0.0,0.0,1,1,20,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,failed,NaN,NaN,NaN,NaN,NaN,NaN,\n"
                + "b/n16,b,relu,3,16,sgd,0.05,64,4096,0.33,0.0,0.0,1,1,20,1.0,1,1,1,1,1,1,1,done,1,1,1,1,1,1,\n");
        assertEquals(Set.of("b/n8"), RunState.listedFailed(dir));
        assertEquals(Set.of(), RunState.listedFailed(dir.resolve("nothing")));
    }
}
