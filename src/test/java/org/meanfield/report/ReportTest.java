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
        // One line per group's loss fit, and one per signed error of the relu group (the exact group has none).
        assertEquals(4, result.lines().size(), result.lines().toString());
        assertTrue(result.lines().get(3).startsWith("  tail_test_err_neg: slope -1."), result.lines().toString());

        JsonNode fits = Json.MAPPER.readTree(sweep.resolve("fits.json").toFile());
        assertEquals(2, fits.get("fits").size());
        assertEquals(0, fits.get("skipped").size());
        JsonNode gaussian = fits.get("fits").get(0);
        JsonNode relu = fits.get("fits").get(1);
        assertEquals(SweepFixture.GAUSSIAN, gaussian.get("name").asText());
        assertEquals(SweepFixture.RELU, relu.get("name").asText());
        assertFit(relu.get("range"), -1, 16, 256, 15);
        assertFit(gaussian.get("range"), -2, 16, 128, 12);
        // No sweep.json, no --min-n: every n, and the all-n fit is the same fit.
        assertEquals(0, fits.get("min_n").asInt());
        assertEquals(0, relu.get("min_n").asInt());
        assertEquals(relu.get("range"), relu.get("all_n"));
        assertEquals("relu", relu.get("group").get("unit").asText());
        assertEquals(200, relu.get("group").get("steps").asLong());
        assertEquals(10.0, relu.get("group").get("t").asDouble());
        assertEquals(Math.log(2), relu.get("range").get("intercept").asDouble(), 0.2);
        assertEquals(3, relu.get("range").get("seed_slopes").get("seeds").asInt());
        // The signed errors (0.3/n and 0.25/n) are fitted as the loss is; the exact group measured none.
        JsonNode pos = relu.get("signed_errors").get("tail_test_err_pos");
        assertFit(pos.get("range"), -1, 16, 256, 15);
        assertEquals(Math.log(0.3), pos.get("range").get("intercept").asDouble(), 0.2);
        assertEquals(3, pos.get("range").get("seed_slopes").get("seeds").asInt());
        assertFit(relu.get("signed_errors").get("tail_test_err_neg").get("range"), -1, 16, 256, 15);
        JsonNode none = gaussian.get("signed_errors").get("tail_test_err_pos");
        assertTrue(none.get("range").isNull(), none.toString());
        assertEquals(12, none.get("unmeasured").asInt());
        assertTrue(none.get("reason").asText().startsWith("fewer than two values of n"), none.toString());

        List<String> figures = List.of("scaling-relu", "scaling-gaussian", "scaling-err-pos-relu", "scaling-err-neg-relu",
                SweepFixture.RELU + "-loss", SweepFixture.RELU + "-particles", SweepFixture.RELU + "-circles",
                SweepFixture.GAUSSIAN + "-loss", SweepFixture.GAUSSIAN + "-particles", SweepFixture.GAUSSIAN + "-circles");
        for (String name : figures) {
            assertPlot(sweep.resolve("plots"), name);
        }
        try (var files = Files.list(sweep.resolve("plots"))) {
            assertEquals(2 * figures.size(), files.count(), "every figure, PNG and SVG each, and no other");
        }
        String html = Files.readString(sweep.resolve("report.html"), StandardCharsets.UTF_8);
        assertEquals(figures.size(), html.split("data:image/png;base64,", -1).length - 1, "every figure embedded");
        assertTrue(html.contains("Signed errors (the study's Figure 3)"));
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
        assertEquals(32, relu.get("range").get("n_min").asInt());
        assertEquals(12, relu.get("range").get("runs").asInt());
        assertEquals(15, relu.get("all_n").get("runs").asInt());
        assertEquals(15, relu.get("runs_in_group").asInt());
        assertEquals(32, relu.get("min_n").asInt());
        assertEquals(32, Json.MAPPER.readTree(fits).get("min_n").asInt());
        // The gaussian group keeps three values of n >= 32; at 256 neither group keeps two.
        Report.write(sweep, 32);
        assertArrayEquals(fits, Files.readAllBytes(sweep.resolve("fits.json")), "same folder, same fits");
        Report.Result high = Report.write(sweep, 256);
        JsonNode none = Json.MAPPER.readTree(sweep.resolve("fits.json").toFile());
        assertEquals(0, none.get("fits").size());
        assertEquals(2, none.get("skipped").size());
        assertEquals(256, none.get("skipped").get(1).get("min_n").asInt());
        assertEquals(15, none.get("skipped").get(1).get("all_n").get("runs").asInt(), "the all-n fit is kept");
        assertTrue(high.lines().get(0).contains("no fit"), high.lines().toString());
    }

    /** The fixture with its gaussian runs moved to block "g" (the relu runs stay in "b"), and a spec copy. */
    private Path twoBlockSweep(String specCopy) throws IOException {
        Path sweep = SweepFixture.write(dir.resolve("sweep"), real);
        Path csv = sweep.resolve("results.csv");
        String text = Files.readString(csv);
        assertTrue(text.contains(",b,gaussian,"));
        Files.writeString(csv, text.replace(",b,gaussian,", ",g,gaussian,"));
        if (specCopy != null) {
            Files.writeString(sweep.resolve("sweep.json"), specCopy);
        }
        return sweep;
    }

    @Test
    void eachBlocksRangeInTheSpecCopyReachesItsFitAndFitsJson() throws IOException {
        Path sweep = twoBlockSweep("""
                {"report": {"min_n": 32},
                 "blocks": [{"name": "b", "fit": {"min_n": 64}, "grid": {"seed": [1]}},
                            {"name": "g", "grid": {"seed": [1]}}]}
                """);
        Report.Result result = Report.write(sweep);
        assertEquals(List.of(), result.notes());
        String html = Files.readString(sweep.resolve("report.html"));
        assertTrue(html.contains("n &gt;= 64 (sweep.json block b fit.min_n)"), "the fits table says each group's range");
        JsonNode fits = Json.MAPPER.readTree(sweep.resolve("fits.json").toFile());
        assertEquals(32, fits.get("min_n").asInt());
        assertEquals("sweep.json report.min_n", fits.get("min_n_source").asText());
        JsonNode gaussian = fits.get("fits").get(0);
        JsonNode relu = fits.get("fits").get(1);
        // relu: its block's own range, n = 64, 128, 256 of 16..256.
        assertEquals(64, relu.get("min_n").asInt());
        assertEquals("sweep.json block b fit.min_n", relu.get("min_n_source").asText());
        assertEquals(64, relu.get("range").get("n_min").asInt());
        assertEquals(256, relu.get("range").get("n_max").asInt());
        assertEquals(9, relu.get("range").get("runs").asInt());
        assertEquals(16, relu.get("all_n").get("n_min").asInt());
        assertEquals(15, relu.get("all_n").get("runs").asInt());
        // gaussian: block g has no fit entry, so report.min_n.
        assertEquals(32, gaussian.get("min_n").asInt());
        assertEquals("sweep.json report.min_n", gaussian.get("min_n_source").asText());
        assertEquals(32, gaussian.get("range").get("n_min").asInt());
        assertEquals(9, gaussian.get("range").get("runs").asInt());
        assertEquals(12, gaussian.get("all_n").get("runs").asInt());
        // The same numbers as --min-n gives for that n (the range is all that differs).
        JsonNode byHand = fitsWithMinN(sweep, 64).get("fits").get(1);
        assertEquals(byHand.get("range"), relu.get("range"));
        assertEquals(byHand.get("all_n"), relu.get("all_n"));
        assertTrue(result.lines().get(1).contains("over n = 64..256 (9 runs); n >= 64 from sweep.json block b"),
                result.lines().get(1));
        assertTrue(result.lines().get(1).contains("; all n: slope"), result.lines().get(1));
    }

    private JsonNode fitsWithMinN(Path sweep, int minN) throws IOException {
        Report.write(sweep, minN);
        return Json.MAPPER.readTree(sweep.resolve("fits.json").toFile());
    }

    @Test
    void theCommandLinesMinNOverridesEveryBlock() throws IOException {
        Path sweep = twoBlockSweep("""
                {"blocks": [{"name": "b", "fit": {"min_n": 64}, "grid": {"seed": [1]}},
                            {"name": "g", "fit": {"min_n": 16}, "grid": {"seed": [1]}}]}
                """);
        JsonNode fits = fitsWithMinN(sweep, 128);
        assertEquals("report --min-n", fits.get("min_n_source").asText());
        JsonNode relu = fits.get("fits").get(0);
        assertEquals(SweepFixture.RELU, relu.get("name").asText());
        assertEquals(128, relu.get("min_n").asInt());
        assertEquals(128, relu.get("range").get("n_min").asInt());
        // The gaussian runs stop at n = 128: one n, no fit over the range, the all-n fit kept.
        JsonNode gaussian = fits.get("skipped").get(0);
        assertEquals(SweepFixture.GAUSSIAN, gaussian.get("name").asText());
        assertEquals(128, gaussian.get("min_n").asInt());
        assertEquals(12, gaussian.get("all_n").get("runs").asInt());
    }

    @Test
    void aGroupAcrossBlocksWithDifferentRangesTakesTheLargest() throws IOException {
        Path sweep = SweepFixture.write(dir.resolve("sweep"), real);
        Path csv = sweep.resolve("results.csv");
        // relu runs with seed 3 in block "c": the group spans blocks b (n >= 32) and c (n >= 64).
        Files.writeString(csv, Files.readString(csv).lines()
                .map(l -> l.matches("relu-n\\d+-s3,b,.*") ? l.replaceFirst(",b,", ",c,") : l)
                .reduce("", (a, b) -> a + b + "\n"));
        Files.writeString(sweep.resolve("sweep.json"), """
                {"blocks": [{"name": "b", "fit": {"min_n": 32}, "grid": {"seed": [1]}},
                            {"name": "c", "fit": {"min_n": 64}, "grid": {"seed": [1]}}]}
                """);
        Report.write(sweep);
        JsonNode relu = Json.MAPPER.readTree(sweep.resolve("fits.json").toFile()).get("fits").get(1);
        assertEquals(64, relu.get("min_n").asInt());
        assertTrue(relu.get("min_n_source").asText().contains("blocks b, c"), relu.toString());
        assertEquals(9, relu.get("range").get("runs").asInt());
    }

    @Test
    void anOldSpecCopyWithoutFitEntriesReportsAsAFolderWithoutOne() throws IOException {
        Path plain = SweepFixture.write(dir.resolve("plain"), real);
        Report.write(plain);
        Path old = SweepFixture.write(dir.resolve("old"), real);
        Files.writeString(old.resolve("sweep.json"), """
                {"threads": 1, "blocks": [{"name": "b", "base": {"unit": "relu"}, "grid": {"n": [16, 32]}}]}
                """);
        Report.Result result = Report.write(old);
        assertEquals(List.of(), result.notes());
        assertArrayEquals(Files.readAllBytes(plain.resolve("fits.json")), Files.readAllBytes(old.resolve("fits.json")));
        // An old spec's report.min_n still applies, as the sweep that wrote the folder applied it.
        Files.writeString(old.resolve("sweep.json"), """
                {"report": {"min_n": 32}, "blocks": [{"name": "b", "grid": {"n": [16, 32]}}]}
                """);
        JsonNode fits = fitsWithMinN(old, 32);
        Report.write(old);
        JsonNode fromSpec = Json.MAPPER.readTree(old.resolve("fits.json").toFile());
        assertEquals(fits.get("fits"), withSource(fromSpec.get("fits"), "report --min-n"));
    }

    /** The fits with each min_n_source replaced, to compare fits that differ only in where min_n came from. */
    private static JsonNode withSource(JsonNode fits, String source) {
        JsonNode copy = fits.deepCopy();
        copy.forEach(f -> ((com.fasterxml.jackson.databind.node.ObjectNode) f).put("min_n_source", source));
        return copy;
    }

    @Test
    void anUnreadableSpecCopyIsNotedAndEveryNFitted() throws IOException {
        Path sweep = SweepFixture.write(dir.resolve("sweep"), real);
        Files.writeString(sweep.resolve("sweep.json"), "{\"blocks\": [{\"name\": \"b\", \"fit\": {\"min_n\": -4}, "
                + "\"grid\": {\"n\": [8]}}]}");
        Report.Result result = Report.write(sweep);
        assertEquals(1, result.notes().size(), result.notes().toString());
        assertTrue(result.notes().get(0).contains("fit.min_n must be >= 0"), result.notes().get(0));
        JsonNode fits = Json.MAPPER.readTree(sweep.resolve("fits.json").toFile());
        assertEquals(15, fits.get("fits").get(1).get("range").get("runs").asInt());
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
        return new ResultRow("r-" + dynamics + sample + "-" + n + "-" + seed, "b", "relu", 3, n, dynamics, 0.05, "64",
                Integer.toString(sample), 1.0 / 3, 0, 0, seed, 1, 200, 10, loss, loss / 100, loss, loss, loss, 1, 1, ResultRow.DONE);
    }

    @Test
    void runFolderReportHasCurvesHistogramsAndNoFit() throws IOException {
        Path run = real;
        Report.Result result = Report.write(run);
        assertEquals("run", result.kind());
        assertEquals(List.of(), result.notes());
        assertPlot(run.resolve("plots"), "loss");
        assertPlot(run.resolve("plots"), "particles");
        assertPlot(run.resolve("plots"), RunReport.CIRCLES);
        assertFalse(Files.exists(run.resolve("fits.json")));
        String html = Files.readString(run.resolve("report.html"));
        assertEquals(3, html.split("data:image/png;base64,", -1).length - 1);
        assertTrue(html.contains("final test loss"));
        assertTrue(html.contains("final e+ = &lt;Theta(f)(f - f_n)&gt;"), "signed errors in the summary table");
        assertTrue(html.contains("great circles"));
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
