package org.meanfield.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.meanfield.cli.CliRun.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanfield.folder.CheckpointFormat;
import org.meanfield.folder.Json;
import org.meanfield.folder.RunFolders;
import org.meanfield.run.StopSignal;
import org.meanfield.sweep.ResultRow;
import org.meanfield.sweep.SweepPlan;
import org.meanfield.sweep.SweepPoint;
import org.meanfield.sweep.SweepRunner;
import org.meanfield.sweep.SweepSpec;
import org.meanfield.sweep.SweepStatus;

/** {@code meanfield sweep} end to end: tiny train runs in child JVMs, skipped and resumed by folder. */
class SweepCommandTest {
    @TempDir
    Path dir;



    /** A spec of one block of tiny runs, n = 8 and 16, with {@code base} added to its base. */
    private Path spec(String base) throws IOException {
        return Files.writeString(dir.resolve("spec.json"), """
                {"description": "tiny", "threads": 1, "jobs": 2,
                 "blocks": [{"name": "tiny",
                             "base": {"d": 3, "steps": 20, "test_size": 64, "eval_every": 10%s},
                             "grid": {"n": [8, 16]},
                             "quick": {"grid": {"n": [4]}}}]}
                """.formatted(base));
    }

    private static void assertOneLineError(CliRun result, int exit, String expected) {
        assertEquals(exit, result.exit(), result.toString());
        assertEquals(1, result.errLines().size(), result.err());
        assertTrue(result.errLines().get(0).startsWith("meanfield: "), result.err());
        assertTrue(result.err().contains(expected), result.err());
    }

    static Stream<Arguments> badSpecs() {
        return Stream.of(
                Arguments.of(", \"colour\": 1", "unknown key 'colour'"),
                Arguments.of(", \"batch\": 0", "point n8: --batch must be in [1, 4194304], got 0"),
                Arguments.of(", \"unit\": \"foo\"", "--unit"),
                Arguments.of(", \"time\": 5", "--steps and --time cannot both be given"),
                Arguments.of(", \"dt\": \"fast\"", "--dt"));
    }

    @ParameterizedTest
    @MethodSource("badSpecs")
    void aBadSpecIsOneLineAndExit2WithNothingWritten(String base, String expected) throws IOException {
        Path file = spec(base);
        CliRun result = run("sweep", file.toString(), "--no-report", "-q");
        assertOneLineError(result, Main.USAGE, expected);
        assertTrue(result.err().contains(file.toString()), result.err());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "nothing is written");
        }
    }

    @Test
    void anEmptyGridIsOneLine() throws IOException {
        Path file = Files.writeString(dir.resolve("spec.json"), "{\"blocks\": [{\"name\": \"b\", \"grid\": {\"n\": []}}]}");
        assertOneLineError(run("sweep", file.toString()), Main.USAGE, "grid.n is empty");
    }

    @Test
    void badOverridesAreOneLine() throws IOException {
        Path file = spec("");
        assertOneLineError(run("sweep", file.toString(), "--jobs", "0"), Main.USAGE, "--jobs must be >= 1");
        assertOneLineError(run("sweep", file.toString(), "--threads", "0"), Main.USAGE, "--threads must be in");
        assertOneLineError(run("sweep", dir.resolve("none.json").toString()), Main.USAGE, "does not exist");
    }

    @Test
    void dryRunPrintsThePlanAndWritesNothing() throws IOException {
        Path file = spec("");
        CliRun result = run("sweep", file.toString(), "--dry-run");
        assertEquals(0, result.exit(), result.toString());
        assertTrue(result.out().contains("run     " + dir.resolve("tiny/n8") + "  --dim=3"), result.out());
        assertTrue(result.out().contains("run     " + dir.resolve("tiny/n16")), result.out());
        assertTrue(result.out().contains("2 to run, 0 to resume, 0 to skip"), result.out());
        CliRun quick = run("sweep", file.toString(), "--dry-run", "--quick");
        assertTrue(quick.out().contains("run     " + dir.resolve("quick/tiny/n4")), quick.out());
        Path out = dir.resolve("elsewhere");
        CliRun moved = run("sweep", file.toString(), "--dry-run", "--out", out.toString(), "--jobs", "3");
        assertTrue(moved.out().contains(out.resolve("tiny/n16").toString()), moved.out());
        assertTrue(moved.out().contains("3 at once"), moved.out());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "nothing is written");
        }
    }

    @Test
    void runsSkipsResumesAndRefusesAChangedSpec() throws IOException {
        Path file = spec("");
        Path n8 = dir.resolve("tiny/n8");
        Path n16 = dir.resolve("tiny/n16");

        CliRun first = run("sweep", file.toString(), "--no-report");
        assertEquals(0, first.exit(), first.toString());
        assertTrue(first.out().contains("2 of 2 runs complete (2 this time, 0 skipped)"), first.out());
        List<ResultRow> rows = ResultRow.read(dir.resolve("results.csv"));
        assertEquals(List.of("tiny/n8", "tiny/n16"), rows.stream().map(ResultRow::run).toList(), "in spec order");
        assertTrue(rows.stream().allMatch(ResultRow::done), rows.toString());
        assertEquals(3, rows.get(0).d());
        assertEquals(16, rows.get(1).n());
        assertEquals(20, rows.get(1).steps());
        assertTrue(rows.get(0).finalTestLoss() > 0, rows.toString());
        assertEquals(Files.readString(file), Files.readString(dir.resolve("sweep.json")));
        assertTrue(Files.readString(n8.resolve(SweepRunner.LOG)).contains("final test loss"));

        assertFalse(Files.exists(dir.resolve("report.html")), "--no-report");

        // Rerun: both complete, nothing runs; the report is written.
        FileTime n8Log = Files.getLastModifiedTime(n8.resolve(SweepRunner.LOG));
        CliRun again = run("sweep", file.toString());
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.out().contains("2 of 2 runs complete (0 this time, 2 skipped)"), again.out());
        assertTrue(again.out().contains("report: wrote " + dir.resolve("report.html")), again.out());
        assertTrue(Files.exists(dir.resolve("report.html")));
        assertEquals(n8Log, Files.getLastModifiedTime(n8.resolve(SweepRunner.LOG)));
        assertEquals(2, ResultRow.read(dir.resolve("results.csv")).size());

        // Without its summary a run is resumed (its log grows); without its folder it runs again.
        Files.delete(n8.resolve(RunFolders.SUMMARY));
        try (Stream<Path> files = Files.walk(n16)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        assertTrue(run("sweep", file.toString(), "--dry-run").out().contains("resume  " + n8), "dry run");
        CliRun resumed = run("sweep", file.toString(), "--no-report", "-q");
        assertEquals(0, resumed.exit(), resumed.toString());
        assertEquals("", resumed.err(), "--quiet");
        assertTrue(resumed.out().contains("2 of 2 runs complete (2 this time, 0 skipped)"), resumed.out());
        assertTrue(Files.exists(n8.resolve(RunFolders.SUMMARY)));
        assertTrue(Files.exists(n16.resolve(RunFolders.SUMMARY)));
        String log = Files.readString(n8.resolve(SweepRunner.LOG));
        assertEquals(2, log.split("meanfield sweep: ", -1).length - 1, log);
        assertTrue(log.contains("train --resume"), log);
        assertEquals(rows, ResultRow.read(dir.resolve("results.csv")).stream()
                .map(row -> withWall(row, rows.get(row.n() == 8 ? 0 : 1).wallS())).toList(), "the same numbers");

        // An edited spec does not match the runs: refused before anything runs.
        Path edited = spec(", \"temperature\": 0.001");
        CliRun refused = run("sweep", edited.toString(), "--no-report");
        assertOneLineError(refused, Main.USAGE, "run folder " + n8);
        assertTrue(refused.err().contains("temperature is 0.0 in its config.json, 0.001 in the spec"), refused.err());

        // A longer spec extends the finished runs: they resume to its length and end as runs that long.
        Path longer = Files.writeString(spec(""), Files.readString(spec("")).replace("\"steps\": 20", "\"steps\": 30"));
        StringWriter status = new StringWriter();
        SweepStatus.print(SweepPlan.of(longer, dir, SweepPoint.of(SweepSpec.read(longer), false), 1, 1),
                new PrintWriter(status, true));
        assertTrue(status.toString().contains("stopped  tiny/n8  (checkpoint at step 20 of 30 (67 %), finished at its old "
                + "length: the same sweep command extends it)"), status.toString());
        assertTrue(status.toString().contains("0 done, 0 running, 2 stopped"), status.toString());
        CliRun extended = run("sweep", longer.toString(), "--no-report", "-q");
        assertEquals(0, extended.exit(), extended.toString());
        assertTrue(extended.out().contains("2 of 2 runs complete (2 this time, 0 skipped)"), extended.out());
        Path fresh = dir.resolve("fresh");
        CliRun reference = run("train", "-q", "-d", "3", "-n", "8", "--steps", "30", "--test-size", "64",
                "--eval-every", "10", "--threads", "1", "--out", fresh.toString());
        assertEquals(0, reference.exit(), reference.err());
        assertEquals(noWall(Files.readAllLines(fresh.resolve(RunFolders.METRICS))),
                noWall(Files.readAllLines(n8.resolve(RunFolders.METRICS))));
        // A shorter one would throw away what was run: refused.
        Files.writeString(longer, Files.readString(longer).replace("\"steps\": 30", "\"steps\": 25"));
        assertOneLineError(run("sweep", longer.toString(), "--no-report"), Main.USAGE, "a run can be extended, not shortened");
    }

    /** metrics.csv's lines without the wall_s column (found in the header). */
    private static List<String> noWall(List<String> lines) {
        int wall = List.of(lines.get(0).split(",", -1)).indexOf("wall_s");
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
            cells.remove(wall);
            out.add(String.join(",", cells));
        }
        return out;
    }

    @Test
    void theSweepsReportFitsEachBlockOverItsRange() throws IOException {
        Path file = Files.writeString(dir.resolve("spec.json"), """
                {"threads": 1, "jobs": 2,
                 "blocks": [{"name": "tiny", "fit": {"min_n": 16},
                             "base": {"d": 3, "steps": 20, "test_size": 64, "eval_every": 10},
                             "grid": {"n": [8, 16]}}]}
                """);
        CliRun result = run("sweep", file.toString(), "-q");
        assertEquals(0, result.exit(), result.toString());
        JsonNode fits = Json.MAPPER.readTree(dir.resolve("fits.json").toFile());
        // n >= 16 leaves one n: no fit over the range, but the fit over n = 8, 16 is kept beside it.
        assertEquals(0, fits.get("fits").size(), fits.toString());
        JsonNode tiny = fits.get("skipped").get(0);
        assertEquals(16, tiny.get("min_n").asInt());
        assertEquals("sweep.json block tiny fit.min_n", tiny.get("min_n_source").asText());
        assertEquals(2, tiny.get("all_n").get("runs").asInt());
        assertTrue(result.out().contains("no fit (fewer than two values of n >= 16"), result.out());
    }

    private static ResultRow withWall(ResultRow r, double wall) {
        return new ResultRow(r.run(), r.block(), r.unit(), r.d(), r.n(), r.dynamics(), r.dt(), r.batch(), r.sample(),
                r.alpha(), r.temperature(), r.sigmaC(), r.seed(), r.targetSeed(), r.steps(), r.t(), r.finalTestLoss(),
                r.finalTestLossSe(), r.finalTestLossOverCf(), r.tailTestLoss(), r.tailTestLossOverCf(), r.cf(), wall, r.status(),
                r.finalTestErrPos(), r.finalTestErrPosSe(), r.finalTestErrNeg(), r.finalTestErrNegSe(), r.tailTestErrPos(),
                r.tailTestErrNeg(), r.phases());
    }

    @Test
    void aFailedRunDoesNotStopTheOthersAndExits1() throws IOException {
        Path file = Files.writeString(dir.resolve("spec.json"), """
                {"jobs": 2, "blocks": [{"name": "b", "base": {"d": 3, "n": 8, "steps": 20, "test_size": 64},
                                        "grid": {"dt": [1000, 0.05]}}]}
                """);
        CliRun result = run("sweep", file.toString(), "-q");
        assertOneLineError(result, Main.FAILURE, "1 of 2 runs failed; see " + dir.resolve("b/dt1000/train.log"));
        List<ResultRow> rows = ResultRow.read(dir.resolve("results.csv"));
        assertEquals(List.of(ResultRow.FAILED, ResultRow.DONE), rows.stream().map(ResultRow::status).toList());
        assertTrue(Double.isNaN(rows.get(0).finalTestLoss()));
        assertTrue(Files.readString(dir.resolve("b/dt1000/train.log")).contains("diverged"));
        assertTrue(Files.exists(dir.resolve("report.html")), "the report lists the failed run beside the others");
    }

    @Test
    void aStoppedSweepWaitsForItsRunsWhichCheckpointAndResume() throws Exception {
        Path file = spec("").resolveSibling("long.json");
        Files.writeString(file, Files.readString(spec("")).replace("\"steps\": 20", "\"steps\": 50000000"));
        SweepSpec sweep = SweepSpec.read(file);
        SweepPlan plan = SweepPlan.of(file, dir, SweepPoint.of(sweep, false), 1, 1);
        StopSignal stop = new StopSignal();
        StringWriter err = new StringWriter();
        CompletableFuture<SweepRunner.Outcome> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                return SweepRunner.run(plan, stop, new PrintWriter(err, true), false);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Path n8 = dir.resolve("tiny/n8");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(n8.resolve(RunFolders.METRICS)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        // The status of a running run says who writes it and how far its metrics have come.
        Pattern running = Pattern.compile("running  tiny/n8  \\(pid \\d+ .*; metrics at step \\d+ of 50000000 \\(0 %\\)\\)");
        StringWriter status = new StringWriter();
        while (!running.matcher(status.toString()).find() && System.nanoTime() < deadline) {
            status = new StringWriter();
            SweepStatus.print(plan, new PrintWriter(status, true));
        }
        assertTrue(running.matcher(status.toString()).find(), status.toString());
        stop.request();
        SweepRunner.Outcome ended = outcome.get(90, TimeUnit.SECONDS);
        assertTrue(ended.stopped(), ended.toString());
        assertEquals(0, ended.failed(), ended + " " + err);
        assertTrue(Files.exists(n8.resolve(RunFolders.CHECKPOINT)), "the run saved its state");
        assertFalse(Files.exists(n8.resolve(RunFolders.SUMMARY)));
        assertFalse(Files.exists(dir.resolve("tiny/n16")), "no new run starts once stopping");
        assertEquals(List.of(ResultRow.HEADER), Files.readAllLines(dir.resolve(SweepRunner.RESULTS)));
        assertTrue(err.toString().contains("tiny/n8 stopped"), err.toString());
        StringWriter stopped = new StringWriter();
        SweepStatus.print(plan, new PrintWriter(stopped, true));
        long at = CheckpointFormat.read(n8.resolve(RunFolders.CHECKPOINT)).step();
        assertTrue(stopped.toString().contains("stopped  tiny/n8  (checkpoint at step " + at
                + " of 50000000 (0 %), no summary: the same sweep command resumes it)"), stopped.toString());
        List<SweepPlan.Action> next = SweepPlan.of(file, dir, SweepPoint.of(sweep, false), 1, 1)
                .runs().stream().map(SweepPlan.Run::action).toList();
        assertEquals(List.of(SweepPlan.Action.RESUME, SweepPlan.Action.RUN), next);
    }

    @Test
    void helpExplainsTheSpec() {
        CliRun help = run("sweep", "--help");
        assertEquals(0, help.exit());
        // The keys come from the table of run parameters: those added since the list was written too.
        for (String text : List.of("\"blocks\"", "grid", "quick", "--dry-run", "--jobs", "min_n", "resumed",
                "d (--dim), n (--particles), dynamics, unit,", "noise_stop (--noise-stop)", "phases (--phase)",
                "\"phases\" in base is a list")) {
            // picocli wraps the lines: compare with the blanks collapsed.
            assertTrue(help.out().replaceAll("\\s+", " ").contains(text), text + " in " + help.out());
        }
        assertNotEquals("", help.out());
    }
}
