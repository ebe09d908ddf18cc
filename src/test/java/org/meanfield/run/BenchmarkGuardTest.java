package org.meanfield.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The throughput guard's verdicts, with figures handed in (nothing is timed here): a 1.5x slowdown
 * of any figure fails with one line naming it, a 10 % one passes, a figure is measured again before
 * it fails, and a file without this JVM's baseline passes saying it was skipped.
 */
class BenchmarkGuardTest {
    @TempDir
    Path dir;

    private Path baseline(String key, double value) throws IOException {
        StringBuilder figures = new StringBuilder();
        for (String name : BenchmarkGuard.names()) {
            figures.append(figures.length() == 0 ? "" : ", ").append('"').append(name).append("\": ").append(value);
        }
        Path file = dir.resolve("baseline.json");
        Files.writeString(file, "{\"share\": 0.75, \"baselines\": {\"" + key + "\": {\"figures\": {" + figures + "}}}}");
        return file;
    }

    private static List<String> check(Path file, java.util.function.ToDoubleFunction<String> measure) throws IOException {
        return BenchmarkGuard.check(file, null, new PrintWriter(new StringWriter()), measure);
    }

    @Test
    void aSlowdownOfOneAndAHalfFailsNamingTheFigure() throws IOException {
        Path file = baseline(BenchmarkGuard.key(), 0.5);
        List<String> failures = check(file, name -> name.equals("sigmoid.fraction") ? 0.5 / 1.5 : 0.5);
        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.get(0).contains("FAIL sigmoid.fraction") && failures.get(0).contains("1.50x slower"),
                failures.get(0));
    }

    @Test
    void aTenPercentSlowdownPasses() throws IOException {
        assertEquals(List.of(), check(baseline(BenchmarkGuard.key(), 0.5), name -> 0.45));
    }

    @Test
    void aFigureBelowTheShareIsMeasuredAgainBeforeItFails() throws IOException {
        List<String> calls = new ArrayList<>();
        List<String> failures = check(baseline(BenchmarkGuard.key(), 0.5), name -> {
            calls.add(name);
            // relu.fraction is low on its first measurement only (a moment of heavy load).
            return name.equals("relu.fraction") && calls.stream().filter(name::equals).count() == 1 ? 0.1 : 0.5;
        });
        assertEquals(List.of(), failures);
        assertEquals(2, calls.stream().filter("relu.fraction"::equals).count());
    }

    @Test
    void aFileWithoutThisJvmsBaselineIsSkippedAndSaysSo() throws IOException {
        StringWriter out = new StringWriter();
        List<String> failures = BenchmarkGuard.check(baseline("jdk1/1-lanes", 0.5), null, new PrintWriter(out, true),
                name -> {
                    throw new AssertionError("nothing to measure against");
                });
        assertEquals(List.of(), failures);
        assertTrue(out.toString().contains("SKIPPED"), out.toString());
    }
}
