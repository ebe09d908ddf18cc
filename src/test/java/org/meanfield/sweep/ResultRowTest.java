package org.meanfield.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** results.csv lines: written in full precision, read back by column name. */
class ResultRowTest {
    @TempDir
    Path dir;

    private static final ResultRow DONE = new ResultRow("sgd-relu/d25-n512-seed1", "sgd-relu", "relu", 25, 512, "sgd",
            0.05, "64", "4096", 0.04, 0.0, 0.0, 1, 7, 60000, 3000.0000000000005, 0.8330630712345678, 0.019, 0.06459,
            0.84, 0.0651, 12.9, 10.7, ResultRow.DONE, 0.0123456789, 1e-4, -0.003, 2e-4, 0.011, -0.0025,
            "steps=2000000 batch=n/5;batch=(n/5)^2");
    private static final ResultRow FAILED = new ResultRow("exact/d5-n8", "exact", "gaussian", 5, 8, "exact", 0.1, "64",
            "4096", 0.2, 1e-4, 0.5, -3, 1, 100, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN, ResultRow.FAILED);

    @Test
    void headerHasTheDocumentedColumns() {
        assertEquals("run,block,unit,d,n,dynamics,dt,batch,sample,alpha,temperature,sigma_c,seed,target_seed,steps,t,"
                + "final_test_loss,final_test_loss_se,final_test_loss_over_cf,tail_test_loss,tail_test_loss_over_cf,cf,wall_s,status,"
                + "final_test_err_pos,final_test_err_pos_se,final_test_err_neg,final_test_err_neg_se,tail_test_err_pos,"
                + "tail_test_err_neg,phases",
                ResultRow.HEADER);
        assertEquals(ResultRow.HEADER.split(",").length, DONE.toCsv().split(",").length);
    }

    @Test
    void roundTripsExactly() throws IOException {
        Path file = Files.writeString(dir.resolve("results.csv"), ResultRow.toCsv(List.of(DONE, FAILED)));
        assertTrue(Files.readString(file).contains(",0.05,"), "0.05 stays 0.05");
        List<ResultRow> rows = ResultRow.read(file);
        assertEquals(List.of(DONE, FAILED), rows);
        assertTrue(rows.get(0).done());
        assertFalse(rows.get(1).done());
    }

    @Test
    void aFileWithoutTheSignedErrorColumnsReadsThemAsNaN() throws IOException {
        // A results.csv of the columns before the signed errors (runs/reproduction's, say).
        int kept = "run,block,unit,d,n,dynamics,dt,batch,sample,alpha,temperature,sigma_c,seed,target_seed,steps,t,"
                .split(",").length + 8;
        String header = String.join(",", List.of(ResultRow.HEADER.split(",")).subList(0, kept));
        String line = String.join(",", List.of(DONE.toCsv().split(",")).subList(0, kept));
        Path file = Files.writeString(dir.resolve("results.csv"), header + "\n" + line + "\n");
        ResultRow row = ResultRow.read(file).get(0);
        assertEquals(DONE.tailTestLoss(), row.tailTestLoss(), 0.0);
        assertEquals("done", row.status());
        assertTrue(Double.isNaN(row.finalTestErrPos()) && Double.isNaN(row.tailTestErrNeg()), row.toString());
    }

    @Test
    void readsColumnsByNameInAnyOrderAndIgnoresExtraOnes() throws IOException {
        String[] names = ResultRow.HEADER.split(",");
        String[] values = DONE.toCsv().split(",");
        StringBuilder header = new StringBuilder("extra");
        StringBuilder line = new StringBuilder("x");
        for (int k = names.length - 1; k >= 0; k--) {
            header.append(',').append(names[k]);
            line.append(',').append(values[k]);
        }
        Path file = Files.writeString(dir.resolve("results.csv"), header + "\n" + line + "\n");
        assertEquals(List.of(DONE), ResultRow.read(file));
    }

    @Test
    void aMissingColumnOrABadNumberIsOneLine() throws IOException {
        Path file = Files.writeString(dir.resolve("a.csv"), "run,block\nx,y\n");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> ResultRow.read(file));
        assertTrue(missing.getMessage().contains("no column unit"), missing.getMessage());
        Path bad = Files.writeString(dir.resolve("b.csv"), ResultRow.HEADER + "\n"
                + DONE.toCsv().replace(",512,", ",many,") + "\n");
        IllegalArgumentException number = assertThrows(IllegalArgumentException.class, () -> ResultRow.read(bad));
        assertTrue(number.getMessage().contains("line 2"), number.getMessage());
        assertFalse(number.getMessage().contains("\n"));
    }
}
