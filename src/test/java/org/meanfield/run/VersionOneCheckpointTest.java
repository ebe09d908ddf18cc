package org.meanfield.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.meanfield.run.RunFixtures.assertSameFinalState;
import static org.meanfield.run.RunFixtures.cliOk;
import static org.meanfield.run.RunFixtures.resume;
import static org.meanfield.run.RunFixtures.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanfield.folder.Checkpoint;
import org.meanfield.folder.CheckpointFormat;
import org.meanfield.folder.RunFolders;

/**
 * A run written by meanfield 0.1, whose checkpoint has format version 1 (fixed binary fields, no
 * metrics CRC), is still read, and extended it ends where a run of the whole length does. The fixture
 * in {@code src/test/resources/run/version1} was written by the 0.1 jar (commit 8c429a2):
 * {@code train -d 4 -n 40 -P 8 --steps 20 --eval-every 5 --test-size 32 --threads 1 --temperature 0.001}.
 */
class VersionOneCheckpointTest {
    private static final String[] OPTIONS = {"-d", "4", "-n", "40", "-P", "8", "--eval-every", "5",
        "--test-size", "32", "--temperature", "0.001"};

    @TempDir
    Path dir;

    private Path fixture() throws IOException {
        Path run = dir.resolve("version1");
        Files.createDirectories(run);
        for (String name : List.of(RunFolders.CONFIG, RunFolders.METRICS, RunFolders.CHECKPOINT, RunFolders.SUMMARY)) {
            try (InputStream in = getClass().getResourceAsStream("/run/version1/" + name)) {
                Files.copy(in, run.resolve(name));
            }
        }
        return run;
    }

    @Test
    void itsFieldsReadUnderTheKeysOfVersionTwo() throws IOException {
        Checkpoint old = CheckpointFormat.read(fixture().resolve(RunFolders.CHECKPOINT));
        assertEquals(20, old.step());
        assertEquals("4", old.run().get("d"));
        assertEquals("0.001", old.run().get("temperature"));
        assertEquals("vector", old.run().engine());
    }

    @Test
    void extendedItEndsAsARunOfTheWholeLength() throws IOException {
        Path old = fixture();
        cliOk(resume(old, "--steps", "40", "--threads", "2"));
        Path fresh = dir.resolve("fresh");
        List<String> args = new java.util.ArrayList<>(train(fresh, OPTIONS));
        args.addAll(List.of("--steps", "40"));
        cliOk(args);
        assertSameFinalState(fresh, old);
        assertEquals(CheckpointFormat.VERSION, Files.readAllBytes(old.resolve(RunFolders.CHECKPOINT))[11],
                "rewritten in the current format");
    }
}
