package org.meanfield.folder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows handed to metrics.csv's writer thread: all flushed by close, in order; errors surface, and so
 * does a file replaced under the log.
 */
class MetricsHandoffTest {
    private static MetricsRow row(long k) {
        return new MetricsRow(k, 0.05 * k, k == 0 ? Double.NaN : 1.0 / k, 2.0 / (k + 1), 1e-3, 0.5 / (k + 1), k * 0.01);
    }

    @Test
    void everyRowReachesTheFileInOrderEvenPastTheRingsCapacity(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("metrics.csv");
        List<String> expected = new ArrayList<>(List.of(MetricsRow.HEADER));
        try (MetricsLog log = new MetricsLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8), "metrics.csv", 8)) {
            for (long k = 0; k < 500; k++) {
                MetricsRow row = row(k);
                log.append(row);
                expected.add(row.toCsv());
            }
        }
        assertEquals(expected, Files.readAllLines(file));
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[MetricsRow.BYTES + 8]);
        row(7).writeTo(buffer, 8);
        assertEquals(row(7), MetricsRow.readFrom(buffer, 8));
    }

    @Test
    void aWriteErrorOnTheWriterThreadSurfacesOnTheTrainingThread() {
        Writer failing = new Writer() {
            private int writes;

            @Override
            public void write(char[] buffer, int offset, int length) throws IOException {
                if (++writes > 3) {
                    throw new IOException("No space left on device");
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        IOException error = assertThrows(IOException.class, () -> {
            try (MetricsLog log = new MetricsLog(failing, "metrics.csv", 8)) {
                for (long k = 0; k < 1000; k++) {
                    log.append(row(k));
                }
            }
        });
        assertEquals("writing metrics.csv failed: No space left on device", error.getMessage());
    }

    /**
     * A git stash over a running run put a new metrics.csv where the log's file was: the log kept writing
     * the old, deleted one. A checkpoint's sync must say so rather than record rows no one can read.
     */
    @Test
    void aSyncRefusesWhenTheFileWasReplacedUnderTheLog(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("metrics.csv");
        Path copy = folder.resolve("copy.csv");
        try (MetricsLog log = new MetricsLog(file)) {
            log.append(row(0));
            assertEquals(1, log.sync().rows());
            Files.copy(file, copy);
            Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING); // same bytes, another file
            log.append(row(1));
            IOException e = assertThrows(IOException.class, log::sync);
            assertTrue(e.getMessage().contains("metrics.csv was replaced or deleted"), e.getMessage());
        }
    }

    @Test
    void aSyncRefusesWhenTheFileWasDeleted(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("metrics.csv");
        try (MetricsLog log = new MetricsLog(file)) {
            log.append(row(0));
            Files.delete(file);
            assertThrows(IOException.class, log::sync);
        }
    }
}
