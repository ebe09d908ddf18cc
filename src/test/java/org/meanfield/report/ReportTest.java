package org.meanfield.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanfield.folder.Json;
import org.meanfield.sweep.ResultRow;

/** Reports of a hand-written sweep folder and of a real run folder. */
class ReportTest {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    /** One real run for the whole class: its checkpoint stands in for the sweeps' and it is the run folder. */
    @TempDir
    static Path shared;
    private static Path real;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainOnce() {
        real = SweepFixture.realRun(shared.resolve("real"));
    }

    @Test
    void sweepReportFitsPlotsAndPage() throws IOException {
        Path sweep = SweepFixture.write(dir.resolve("sweep"), real);
        Report.Result result = Report.write(sweep);
        assertEquals("sweep", result.kind());
        assertEquals(sweep.resolve("report.html"), result.html());
        assertEquals(List.of(), result.notes());
        assertEquals(2, result.lines().size());

        JsonNode fits = Json.MAPPER.readTree(sweep.resolve("fits.json").toFile());
        assertEquals(2, fits.get("fits").size());
        assertEquals(0, fits.get("skipped").size());
        JsonNode gaussian = fits.get("fits").get(0);
        JsonNode relu = fits.get("fits").get(1);
        assertEquals(SweepFixture.GAUSSIAN, gaussian.get("name").asText());
        assertEquals(SweepFixture.RELU, relu.get("name").asText());
        assertFit(relu, -1, 16, 256, 15);
        assertFit(gaussian, -2, 16, 128, 12);
        assertEquals("relu", relu.get("group").get("unit").asText());
        assertEquals(200, relu.get("group").get("steps").asLong());
        assertEquals(10.0, relu.get("t").asDouble());
        assertEquals(Math.log(2), relu.get("intercept").asDouble(), 0.2);
        assertEquals(3, relu.get("seed_slopes").get("seeds").asInt());

        for (String name : List.of("scaling-relu", "scaling-gaussian", SweepFixture.RELU + "-loss",
                SweepFixture.RELU + "-particles", SweepFixture.GAUSSIAN + "-loss",
                SweepFixture.GAUSSIAN + "-particles")) {
            assertPlot(sweep.resolve("plots"), name);
        }
        try (var files = Files.list(sweep.resolve("plots"))) {
            assertEquals(12, files.count(), "six figures, PNG and SVG each");
        }
        String html = Files.readString(sweep.resolve("report.html"), StandardCharsets.UTF_8);
        assertEquals(6, html.split("data:image/png;base64,", -1).length - 1, "every figure embedded");
        assertTrue(html.contains(SweepFixture.FAILED), "failed run listed");
        assertTrue(html.contains("relu d=3 sgd dt=0.05 P=64 t=10"));
        assertFalse(html.contains("src=\"plots/"), "self-contained: no image links");
    }

    private static void assertFit(JsonNode fit, double slope, int nMin, int nMax, int runs) {
        assertEquals(slope, fit.get("slope").asDouble(), 0.05, fit.toString());
        assertTrue(fit.get("slope_low").asDouble() < slope && slope < fit.get("slope_high").asDouble(), fit.toString());
        assertEquals(nMin, fit.get("n_min").asInt());
        assertEquals(nMax, fit.get("n_max").asInt());
        assertEquals(runs, fit.get("runs").asInt());
        assertEquals(SlopeFit.REPLICATES, fit.get("bootstrap_replicates").asInt());
        assertEquals(SlopeFit.SEED_BOOTSTRAP, fit.get("method").asText());
    }

    private static void assertPlot(Path plots, String name) throws IOException {
        byte[] png = Files.readAllBytes(plots.resolve(name + ".png"));
        assertTrue(png.length > 1000, name + ".png is " + png.length + " bytes");
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(png, 8), name + ".png magic");
        String svg = Files.readString(plots.resolve(name + ".svg"), StandardCharsets.UTF_8);
        assertTrue(svg.contains("<svg"), name + ".svg");
    }

    @Test
    void minNLeavesSmallRunsOutOfTheFitsAndIsReproducible() throws IOException {
        Path sweep = SweepFixture.write(dir.resolve("sweep"), real);
        Report.write(sweep, 32);
        byte[] fits = Files.readAllBytes(sweep.resolve("fits.json"));
        JsonNode relu = Json.MAPPER.readTree(fits).get("fits").get(1);
        assertEquals(32, relu.get("n_min").asInt());
        assertEquals(12, relu.get("runs").asInt());
        assertEquals(15, relu.get("runs_in_group").asInt());
        assertEquals(32, Json.MAPPER.readTree(fits).get("min_n").asInt());
        // The gaussian group keeps three values of n >= 32; at 256 neither group keeps two.
        Report.write(sweep, 32);
        assertArrayEquals(fits, Files.readAllBytes(sweep.resolve("fits.json")), "same folder, same fits");
        Report.Result high = Report.write(sweep, 256);
        JsonNode none = Json.MAPPER.readTree(sweep.resolve("fits.json").toFile());
        assertEquals(0, none.get("fits").size());
        assertEquals(2, none.get("skipped").size());
        assertTrue(high.lines().get(0).contains("no fit"), high.lines().toString());
    }

    @Test
    void missingFilesAreNotedAndStalePlotsRemoved() throws IOException {
        Path sweep = SweepFixture.write(dir.resolve("sweep"), real);
        Files.delete(sweep.resolve("relu-n32-s2/metrics.csv"));
        Files.delete(sweep.resolve("gaussian-n128-s1/checkpoint.bin"));
        Files.createDirectories(sweep.resolve("plots"));
        Files.writeString(sweep.resolve("plots/old-group-loss.png"), "stale");
        Files.writeString(sweep.resolve("plots/notes.txt"), "mine");
        Report.Result result = Report.write(sweep);
        assertEquals(2, result.notes().size(), result.notes().toString());
        assertFalse(Files.exists(sweep.resolve("plots/old-group-loss.png")));
        assertTrue(Files.exists(sweep.resolve("plots/notes.txt")), "only figures are cleared");
        assertFalse(Files.exists(sweep.resolve("plots/" + SweepFixture.GAUSSIAN + "-particles.png")));
        assertTrue(Files.exists(sweep.resolve("plots/" + SweepFixture.RELU + "-loss.png")));
        assertTrue(Files.readString(sweep.resolve("report.html")).contains("relu-n32-s2"));
    }

    @Test
    void groupsWithEqualLabelsAndUnfittableGroupsStillReport() throws IOException {
        Path sweep = Files.createDirectories(dir.resolve("bare"));
        List<ResultRow> rows = new ArrayList<>();
        for (int sample : new int[] {1024, 4096}) {
            for (int n : new int[] {16, 32, 64}) {
                for (int seed = 1; seed <= 2; seed++) {
                    rows.add(row("sgd", sample, n, seed, (1 + 0.01 * seed) / n));
                }
            }
        }
        rows.add(row("gd", 4096, 64, 1, 0.01));
        Files.writeString(sweep.resolve("results.csv"), ResultRow.toCsv(rows));
        Report.Result result = Report.write(sweep);
        // No run folders at all: every metrics.csv and showcase checkpoint is noted, nothing fails.
        assertEquals(13 + 3, result.notes().size(), result.notes().toString());
        JsonNode fits = Json.MAPPER.readTree(sweep.resolve("fits.json").toFile());
        assertEquals(2, fits.get("fits").size());
        String a = fits.get("fits").get(0).get("name").asText();
        String b = fits.get("fits").get(1).get("name").asText();
        assertTrue(a.startsWith("relu-d3-sgd-dt0.05-P64-t10-") && b.startsWith("relu-d3-sgd-dt0.05-P64-t10-"), a + b);
        assertFalse(a.equals(b));
        assertEquals(1, fits.get("skipped").size());
        assertEquals("relu-d3-gd-dt0.05-M4096-t10", fits.get("skipped").get(0).get("name").asText());
        assertPlot(sweep.resolve("plots"), "scaling-relu");
    }

    private static ResultRow row(String dynamics, int sample, int n, int seed, double loss) {
        return new ResultRow("r-" + dynamics + sample + "-" + n + "-" + seed, "b", "relu", 3, n, dynamics, 0.05, 64,
                sample, 1.0 / 3, 0, 0, seed, 1, 200, 10, loss, loss / 100, loss, loss, loss, 1, 1, ResultRow.DONE);
    }

    @Test
    void runFolderReportHasCurvesHistogramsAndNoFit() throws IOException {
        Path run = real;
        Report.Result result = Report.write(run);
        assertEquals("run", result.kind());
        assertEquals(List.of(), result.notes());
        assertPlot(run.resolve("plots"), "loss");
        assertPlot(run.resolve("plots"), "particles");
        assertFalse(Files.exists(run.resolve("fits.json")));
        String html = Files.readString(run.resolve("report.html"));
        assertEquals(2, html.split("data:image/png;base64,", -1).length - 1);
        assertTrue(html.contains("final test loss"));
        assertTrue(html.contains("target_seed"), "config table");
    }

    @Test
    void aFolderThatIsNeitherIsRefused() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Report.write(empty));
        assertTrue(e.getMessage().contains("neither a sweep folder"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Report.write(dir.resolve("missing")));
        assertThrows(IllegalArgumentException.class, () -> Report.write(empty, -1));
    }
}
