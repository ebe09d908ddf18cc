package org.meanfield.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code metrics.csv}: a header, then whole lines, each flushed as soon as it is written. */
public final class MetricsLog implements AutoCloseable {
    private final BufferedWriter writer;

    /** Creates {@code file} with its header. */
    public MetricsLog(Path file) throws IOException {
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        writer.write(MetricsRow.HEADER);
        writer.newLine();
        writer.flush();
    }

    /** Appends one row. */
    public void append(MetricsRow row) throws IOException {
        writer.write(row.toCsv());
        writer.newLine();
        writer.flush();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
