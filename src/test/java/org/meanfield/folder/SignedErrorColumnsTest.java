package org.meanfield.folder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signed-error columns of metrics.csv and summary.json: they round-trip, their tail is taken over
 * the loss's window, and files written before them (without the columns) are still read, and still
 * continued in their own columns.
 */
class SignedErrorColumnsTest {
    /** The header and first rows of a metrics.csv from before the signed errors (runs/reproduction's). */
    private static final List<String> OLD = List.of("step,t,batch_loss,test_loss,test_loss_se,test_loss_over_cf,wall_s",
            "0,0.0000000000000000,NaN,5.4391557698415710,0.10939262034601929,1.0165325894627486,0.713526",
            "30,1.5000000000000000,4.9,4.0000000000000000,0.1,0.75,0.9",
            "60,3.0000000000000000,3.9,2.0000000000000000,0.1,0.375,1.1");

    @TempDir
    Path dir;

    private static MetricsRow row(long k) {
        return new MetricsRow(k, (int) (k / 4), 0.5 * k, k == 0 ? Double.NaN : 1.0 / k, 2.0 / (k + 1), 1e-3,
                0.5 / (k + 1), k * 0.01, 0.1 / (k + 1) + 1.0 / 3, 1e-4 * k, -0.2 / (k + 1), Math.PI * 1e-3);
    }

    @Test
    void signedErrorsRoundTripThroughTheLogAndTheTable() throws IOException {
        Path file = dir.resolve("metrics.csv");
        try (MetricsLog log = new MetricsLog(file)) {
            for (long k = 0; k < 8; k++) {
                log.append(row(k));
            }
        }
        assertEquals(MetricsRow.HEADER, Files.readAllLines(file).get(0));
        assertTrue(List.of(MetricsRow.HEADER.split(",")).containsAll(List.of(OLD.get(0).split(","))),
                "every column of the old files is still written");
        MetricsTable table = MetricsTable.read(file);
        assertEquals(8, table.rows());
        for (int k = 0; k < 8; k++) {
            assertEquals(row(k).testErrPos(), table.testErrPos()[k], 0.0);
            assertEquals(row(k).testErrNeg(), table.testErrNeg()[k], 0.0);
            assertEquals(row(k).testLoss(), table.testLoss()[k], 0.0);
        }
        // Window t >= 3/4 * 3.5: the rows k = 6, 7.
        TailLoss tail = TailLoss.of(table, 2.0);
        assertEquals(2, tail.rows());
        assertEquals((row(6).testErrPos() + row(7).testErrPos()) / 2, tail.errPos(), 1e-15);
        assertEquals((row(6).testErrNeg() + row(7).testErrNeg()) / 2, tail.errNeg(), 1e-15);
        assertEquals(Math.abs(row(6).testErrNeg() - row(7).testErrNeg()) / Math.sqrt(2), tail.errNegSpread(), 1e-15);
    }

    @Test
    void aFileWithoutTheColumnsReadsThemAsNaNAndKeepsItsLoss() throws IOException {
        Path file = dir.resolve("metrics.csv");
        Files.write(file, OLD);
        MetricsTable table = MetricsTable.read(file);
        assertEquals(3, table.rows());
        assertEquals(2.0, table.testLoss()[2], 0.0);
        assertTrue(Double.isNaN(table.testErrPos()[1]) && Double.isNaN(table.testErrNeg()[1]));
        TailLoss tail = TailLoss.of(table, 4.0);
        assertEquals(2.0, tail.loss(), 0.0); // the window t >= 2.25: the last row
        assertEquals(1, tail.rows());
        assertTrue(Double.isNaN(tail.errPos()) && Double.isNaN(tail.errNeg()));
    }

    @Test
    void aResumedOldFileIsContinuedInItsOwnColumns() throws IOException {
        Path file = dir.resolve("metrics.csv");
        Files.write(file, OLD);
        long bytes = Files.size(file);
        try (MetricsLog log = MetricsLog.resume(file, new MetricsLog.Position(3, bytes, MetricsLog.Position.UNKNOWN_CRC))) {
            log.append(row(120));
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(5, lines.size());
        assertEquals(7, lines.get(4).split(",").length);
        String[] all = row(120).toCsv().split(",");
        assertEquals(String.join(",", all[0], all[2], all[3], all[4], all[5], all[6], all[7]), lines.get(4),
                "the old file's columns, by name: no phase, no signed errors");
        MetricsTable table = MetricsTable.read(file);
        assertEquals(4, table.rows());
        assertEquals(row(120).testLoss(), table.testLoss()[3], 0.0);
    }

    @Test
    void aRowIsWrittenInTheColumnsAFilesHeaderNamesInItsOrder() {
        // A file of another version's layout: its columns by name, NaN for one this version lacks.
        int[] columns = MetricsRow.columnsOf(List.of("step", "extra", "t", "test_loss", "wall_s", "test_err_neg"));
        assertEquals(List.of(0, -1, 2, 4, 7, 10), java.util.Arrays.stream(columns).boxed().toList());
        MetricsRow r = row(3);
        String[] all = r.toCsv().split(",");
        assertEquals(String.join(",", all[0], "NaN", all[2], all[4], all[7], all[10]), r.toCsv(columns));
        assertEquals(r.toCsv(), r.toCsv(MetricsRow.ALL));
    }

    @Test
    void summarySignedErrorsRoundTripAndOldSummariesReadThemAsNull() throws IOException {
        MetricsRow last = row(7);
        Path file = dir.resolve("summary.json");
        Json.write(file, new Summary(last, TailLoss.of(tableOf(row(6), last), 2.0), 2.0, 7, 3.5, 1, 7, "vector", Map.of()));
        Summary read = Json.read(file, Summary.class);
        assertEquals(last.testErrPos(), read.finalTestErrPos(), 0.0);
        assertEquals(last.testErrNegSe(), read.finalTestErrNegSe(), 0.0);
        assertEquals((row(6).testErrNeg() + last.testErrNeg()) / 2, read.tailTestErrNeg(), 1e-15);

        // Exact dynamics: no test set, NaN signed errors, written as null.
        MetricsRow exact = new MetricsRow(7, 3.5, 0.1, 0.2, 0, 0.1, 1);
        Json.write(file, new Summary(exact, TailLoss.of(tableOf(exact), 2.0), 2.0, 7, 3.5, 1, 7, "exact", Map.of()));
        assertTrue(Files.readString(file).contains("\"final_test_err_pos\" : null"));
        assertNull(Json.read(file, Summary.class).tailTestErrPos());
        assertTrue(Double.isNaN(Summary.value(Json.read(file, Summary.class).finalTestErrNeg())));

        Files.copy(Path.of("runs/reproduction/dt-batch-relu-d10-large-dt/batch64-seed2/summary.json"), file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Summary old = Json.read(file, Summary.class);
        assertEquals(0.0850167042716763, old.finalTestLoss(), 0.0);
        assertNull(old.finalTestErrPos());
        assertNull(old.tailTestErrNegSpread());
    }

    private MetricsTable tableOf(MetricsRow... rows) throws IOException {
        Path file = dir.resolve("t.csv");
        List<String> lines = new java.util.ArrayList<>(List.of(MetricsRow.HEADER));
        for (MetricsRow r : rows) {
            lines.add(r.toCsv());
        }
        Files.write(file, lines);
        return MetricsTable.read(file);
    }
}
