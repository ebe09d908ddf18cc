package org.meanfield.exact;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the CSV fixtures written by scripts/bessel_fixture.py (comment lines start with '#'). */
final class Fixture {
    private Fixture() {
    }

    /** The numeric rows of {@code /exact/name}, header skipped. */
    static List<double[]> rows(String name) {
        try (InputStream in = Fixture.class.getResourceAsStream("/exact/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture /exact/" + name + " (run scripts/bessel_fixture.py)");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            List<double[]> rows = new ArrayList<>();
            boolean header = true;
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] cells = line.split(",");
                double[] row = new double[cells.length];
                for (int c = 0; c < cells.length; c++) {
                    row[c] = parse(cells[c].trim());
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double parse(String cell) {
        switch (cell) {
            case "inf":
                return Double.POSITIVE_INFINITY;
            case "-inf":
                return Double.NEGATIVE_INFINITY;
            case "nan":
                return Double.NaN;
            default:
                return Double.parseDouble(cell);
        }
    }
}
