package org.meanfield.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.knowm.xchart.XYChart;
import org.meanfield.folder.AtomicFiles;
import org.meanfield.folder.Checkpoint;
import org.meanfield.folder.CheckpointException;
import org.meanfield.folder.CheckpointFormat;
import org.meanfield.folder.ConfigFile;
import org.meanfield.folder.Json;
import org.meanfield.folder.MetricsTable;
import org.meanfield.folder.RunFolders;
import org.meanfield.folder.Summary;

/**
 * The report of one run folder: loss and n x loss against t, particle histograms, for gaussian units
 * in d >= 3 the level sets of f and f_n on the study's slice ({@link SliceFigure}), f and f_n along
 * three great circles in d >= 3 ({@link GreatCircleFigure}), a summary table;
 * no fit.
 */
final class RunReport {
    /** The slice figure's file-name stem (gaussian units, d >= 3). */
    static final String SLICE = "slice";
    /** The great-circle figure's file-name stem (d >= 3, any unit). */
    static final String CIRCLES = "great-circles";
    private final Path folder;
    private final List<String> notes = new ArrayList<>();

    RunReport(Path folder) {
        this.folder = folder;
    }

    Report.Result write() throws IOException {
        JsonNode config = readConfig();
        int n = config.path("n").asInt(0);
        if (n < 1) {
            throw new IllegalArgumentException(folder.resolve(RunFolders.CONFIG) + " has no valid n");
        }
        Path plots = folder.resolve(Report.PLOTS);
        String label = config.path("unit").asText("?") + " d=" + config.path("d").asText("?") + " n=" + n + " "
                + config.path("dynamics").asText("?") + " seed " + config.path("seed").asText("?");
        List<Figure.Written> figures = new ArrayList<>();
        MetricsTable metrics = readMetrics();
        List<Curve> curve = metrics == null ? List.of()
                : Curve.plottable(List.of(Curve.geometricMean(n, List.of(metrics))));
        if (!curve.isEmpty()) {
            figures.add(new Figure("loss", label + ": test loss and n x test loss against t (log-log, t = 0 left out)",
                    List.of(Charts.lossVsTime("test loss, " + label, curve, false),
                            Charts.lossVsTime("n x test loss", curve, true))).write(plots));
        }
        Checkpoint checkpoint = readCheckpoint();
        if (checkpoint != null) {
            figures.addAll(checkpointFigures(folder, checkpoint, label, "", CIRCLES, plots, notes, ""));
        }
        Summary summary = readSummary();

        Html html = new Html("meanfield run report: " + folder.toAbsolutePath().normalize().getFileName());
        html.list(notes);
        html.heading("Summary");
        html.table(List.of("quantity", "value"), summaryRows(summary, metrics));
        figures.forEach(html::figure);
        html.heading("Configuration (config.json)");
        html.table(List.of("parameter", "value"), configRows(config));
        Path page = folder.resolve(Report.HTML);
        AtomicFiles.write(page, html.finish().getBytes(StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        if (summary != null) {
            lines.add(label + ": final test loss " + Num.sig(summary.finalTestLoss()) + " (loss/C_f "
                    + Num.sig(summary.finalTestLossOverCf()) + ") at t = " + Num.compact(summary.t()));
        }
        return new Report.Result(page, "run", lines, List.copyOf(notes));
    }

    /**
     * The figures drawn from a run's checkpoint, into {@code plots}: its particle histograms
     * ({@code prefix} + "particles"), and where they apply its slice figure ({@code prefix} + "slice")
     * and its great circles ({@code circles}), the last two from the run folder's config; a config they
     * cannot use is noted (the note ending with {@code where}), not fatal.
     */
    static List<Figure.Written> checkpointFigures(Path run, Checkpoint checkpoint, String what, String prefix,
            String circles, Path plots, List<String> notes, String where) throws IOException {
        List<Figure.Written> figures = new ArrayList<>();
        figures.add(particleFigure(prefix + "particles", checkpoint, what).write(plots));
        if (SliceFigure.applies(checkpoint)) {
            try {
                figures.add(SliceFigure.of(prefix + SLICE, ConfigFile.read(run, run.toString()), checkpoint, what)
                        .write(plots));
            } catch (IllegalArgumentException e) {
                notes.add(e.getMessage() + ": no slice figure" + where);
            }
        }
        if (GreatCircleFigure.applies(checkpoint.run().count("d"))) {
            try {
                figures.add(GreatCircleFigure.of(circles, ConfigFile.read(run, run.toString()), checkpoint, what)
                        .write(plots));
            } catch (IllegalArgumentException e) {
                notes.add(e.getMessage() + ": no great-circle figure" + where);
            }
        }
        return figures;
    }

    /** Histograms of the particles in {@code checkpoint}, one panel per quantity. */
    static Figure particleFigure(String name, Checkpoint checkpoint, String what) {
        List<ParticleBins> histograms = ParticleBins.of(checkpoint.particles(), checkpoint.run().get("unit"),
                checkpoint.run().count("d"));
        List<XYChart> panels = new ArrayList<>();
        for (ParticleBins bins : histograms) {
            panels.add(Charts.histogram(bins.quantity(), bins));
        }
        return new Figure(name, "Particles of " + what + " (n = " + checkpoint.run().count("n") + ") at step "
                + checkpoint.step() + ", t = " + Num.compact(checkpoint.t()) + ": histograms of "
                + String.join(", ", histograms.stream().map(ParticleBins::quantity).toList()), panels);
    }

    private JsonNode readConfig() {
        Path file = folder.resolve(RunFolders.CONFIG);
        try {
            JsonNode tree = Json.MAPPER.readTree(file.toFile());
            if (tree == null || !tree.isObject()) {
                throw new IllegalArgumentException(file + " is not a JSON object");
            }
            return tree;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " cannot be read (" + e.getMessage().lines().findFirst()
                    .orElse("") + ")");
        }
    }

    private MetricsTable readMetrics() {
        Path file = folder.resolve(RunFolders.METRICS);
        try {
            return MetricsTable.read(file);
        } catch (NoSuchFileException e) {
            notes.add(file + " is missing: no loss curve");
        } catch (IOException | IllegalArgumentException e) {
            notes.add(file + " cannot be read (" + e.getMessage() + "): no loss curve");
        }
        return null;
    }

    private Checkpoint readCheckpoint() {
        try {
            return CheckpointFormat.read(folder.resolve(RunFolders.CHECKPOINT));
        } catch (CheckpointException e) {
            notes.add(e.getMessage() + ": no particle histograms");
            return null;
        }
    }

    private Summary readSummary() {
        Path file = folder.resolve(RunFolders.SUMMARY);
        if (!Files.exists(file)) {
            notes.add("no " + RunFolders.SUMMARY + ": the run has not completed (stopped, diverged or running)");
            return null;
        }
        try {
            return Json.MAPPER.readerFor(Summary.class)
                    .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(file.toFile());
        } catch (IOException e) {
            notes.add(file + " cannot be read (" + e.getMessage().lines().findFirst().orElse("") + ")");
            return null;
        }
    }

    private static List<List<String>> summaryRows(Summary s, MetricsTable m) {
        List<List<String>> rows = new ArrayList<>();
        if (s != null) {
            rows.add(List.of("final test loss", Num.sig(s.finalTestLoss()) + " +- " + Num.sig(s.finalTestLossSe())));
            rows.add(List.of("final loss / C_f", Num.sig(s.finalTestLossOverCf())));
            if (s.finalTestErrPos() != null && s.finalTestErrNeg() != null) {
                rows.add(List.of("final e+ = <Theta(f)(f - f_n)>", Num.sig(s.finalTestErrPos()) + " +- "
                        + Num.sig(Summary.value(s.finalTestErrPosSe()))));
                rows.add(List.of("final e- = <Theta(-f)(f_n - f)>", Num.sig(s.finalTestErrNeg()) + " +- "
                        + Num.sig(Summary.value(s.finalTestErrNegSe()))));
                rows.add(List.of("settled e+, e- (last quarter of t)", Num.sig(Summary.value(s.tailTestErrPos())) + ", "
                        + Num.sig(Summary.value(s.tailTestErrNeg()))));
            }
            rows.add(List.of("C_f", Num.sig(s.cf())));
            rows.add(List.of("steps", Long.toString(s.steps())));
            rows.add(List.of("t", Num.compact(s.t())));
            rows.add(List.of("wall seconds", Num.sig(s.wallSeconds())));
            rows.add(List.of("steps per second", Num.sig(s.stepsPerSecond())));
            rows.add(List.of("engine", s.kernel()));
        } else if (m != null && m.rows() > 0) {
            int last = m.rows() - 1;
            rows.add(List.of("last test loss", Num.sig(m.testLoss()[last])));
            rows.add(List.of("last step", Long.toString(m.step()[last])));
            rows.add(List.of("t", Num.compact(m.t()[last])));
        }
        return rows;
    }

    /** The scalar fields of config.json, nested objects flattened with dots. */
    private static List<List<String>> configRows(JsonNode config) {
        List<List<String>> rows = new ArrayList<>();
        flatten("", config, rows);
        return rows;
    }

    private static void flatten(String prefix, JsonNode node, List<List<String>> rows) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = prefix + f.getKey();
            if (f.getValue().isObject()) {
                flatten(key + ".", f.getValue(), rows);
            } else {
                rows.add(List.of(key, f.getValue().isValueNode() ? f.getValue().asText() : f.getValue().toString()));
            }
        }
    }
}
