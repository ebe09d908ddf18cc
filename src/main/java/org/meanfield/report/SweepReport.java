package org.meanfield.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.knowm.xchart.XYChart;
import org.meanfield.folder.AtomicFiles;
import org.meanfield.folder.Checkpoint;
import org.meanfield.folder.CheckpointException;
import org.meanfield.folder.CheckpointFormat;
import org.meanfield.folder.Json;
import org.meanfield.folder.MetricsTable;
import org.meanfield.folder.RunFolders;
import org.meanfield.sweep.ResultRow;

/** The report of a sweep folder: fits.json, the figures, report.html. */
final class SweepReport {
    /** The sweep's table of runs. */
    static final String RESULTS = "results.csv";

    private final Path folder;
    private final int minN;
    private final Path plots;
    /** Files that could not be used, one line each, for the page and the command's output. */
    private final List<String> notes = new ArrayList<>();

    SweepReport(Path folder, int minN) {
        this.folder = folder;
        this.minN = minN;
        this.plots = folder.resolve(Report.PLOTS);
    }

    Report.Result write() throws IOException {
        List<ResultRow> rows = ResultRow.read(folder.resolve(RESULTS));
        List<ResultRow> done = rows.stream().filter(ResultRow::done).toList();
        List<ResultRow> failed = rows.stream().filter(r -> !r.done()).toList();
        List<Group> groups = Group.of(done);

        List<FitsFile.Entry> fits = new ArrayList<>();
        List<FitsFile.Skipped> skipped = new ArrayList<>();
        Map<Group, SlopeFit> fitOf = new LinkedHashMap<>();
        List<String> fitLines = new ArrayList<>();
        for (Group g : groups) {
            SlopeFit fit = g.fit(minN);
            fitOf.put(g, fit);
            if (fit == null) {
                String reason = "fewer than two values of n >= " + minN + " with a positive settled loss";
                skipped.add(new FitsFile.Skipped(g.name(), g.key(), g.runs().size(), reason));
                fitLines.add(label(g) + ": no fit (" + reason + ")");
            } else {
                fits.add(FitsFile.Entry.of(g, fit, g.seedSlopes(minN)));
                fitLines.add(label(g) + Charts.fitText(fit) + " over n = " + (int) fit.nMin() + ".."
                        + (int) fit.nMax() + " (" + fit.points() + " runs)");
            }
        }
        Json.write(folder.resolve(Report.FITS), new FitsFile(minN, FitsFile.MODEL, FitsFile.INTERVAL,
                SlopeFit.BOOTSTRAP_SEED, fits, skipped));

        List<Figure.Written> scaling = new ArrayList<>();
        for (String unit : groups.stream().map(g -> g.key().unit()).distinct().toList()) {
            List<Charts.ScalingSeries> series = new ArrayList<>();
            for (Group g : groups) {
                if (g.key().unit().equals(unit)) {
                    series.add(scalingSeries(g, fitOf.get(g)));
                }
            }
            if (series.stream().allMatch(x -> x.n().length + x.excludedN().length == 0)) {
                notes.add("no " + unit + " run has a positive settled loss: no scaling plot");
                continue;
            }
            String name = "scaling-" + unit.replaceAll("[^A-Za-z0-9.\\-]", "_");
            XYChart chart = Charts.scaling("settled test loss against n, " + unit + " units", series);
            scaling.add(new Figure(name, "Final test loss against n, " + unit + " units: one point per run, "
                    + "least-squares lines with their slope and 95 % interval, dotted n^-1 and n^-2 for reference",
                    List.of(chart)).write(plots));
        }
        Map<Group, List<Figure.Written>> groupFigures = new LinkedHashMap<>();
        for (Group g : groups) {
            groupFigures.put(g, groupFigures(g));
        }

        Html html = new Html("meanfield sweep report: " + folder.toAbsolutePath().normalize().getFileName());
        html.paragraph(rows.size() + " runs in " + RESULTS + ": " + done.size() + " completed, " + failed.size()
                + " failed; " + groups.size() + " groups (runs that differ only in n and seed)"
                + (minN > 0 ? "; fits use n >= " + minN : "") + ".");
        html.list(notes);
        html.heading("Fits: settled loss = A n^slope (settled loss: mean test loss over the last quarter of each run's time)");
        html.table(List.of("group", "n", "runs", "slope", "95 % interval", "A", "method", "per-seed slopes (k)"),
                fitRows(groups, fitOf));
        html.paragraph("Interval: " + FitsFile.INTERVAL);
        scaling.forEach(html::figure);
        for (Group g : groups) {
            html.subheading(label(g), g.name());
            html.table(List.of("n", "runs", "mean settled loss", "geometric mean", "min", "max", "mean loss/C_f",
                    "mean wall s"),
                    perNRows(g));
            groupFigures.get(g).forEach(html::figure);
        }
        html.heading("Failed runs");
        if (failed.isEmpty()) {
            html.paragraph("None.");
        } else {
            List<List<String>> failedRows = new ArrayList<>();
            for (ResultRow r : failed) {
                failedRows.add(List.of(r.run(), GroupKey.of(r).label(), Integer.toString(r.n()),
                        Long.toString(r.seed()), r.status()));
            }
            html.table(List.of("run", "group", "n", "seed", "status"), failedRows);
        }
        Path page = folder.resolve(Report.HTML);
        AtomicFiles.write(page, html.finish().getBytes(StandardCharsets.UTF_8));
        return new Report.Result(page, "sweep", fitLines, List.copyOf(notes));
    }

    private Charts.ScalingSeries scalingSeries(Group g, SlopeFit fit) {
        List<ResultRow> in = g.fittable(minN);
        List<ResultRow> below = g.runs().stream()
                .filter(r -> r.n() < minN && r.tailTestLoss() > 0 && Double.isFinite(r.tailTestLoss())).toList();
        return new Charts.ScalingSeries(label(g), column(in, ResultRow::n), column(in, ResultRow::tailTestLoss),
                column(below, ResultRow::n), column(below, ResultRow::tailTestLoss), fit);
    }

    /** The group's label, with its name's hash when its parameters alone do not tell it apart. */
    private static String label(Group g) {
        String plain = g.key().name();
        return g.key().label() + (g.name().equals(plain) ? "" : " [" + g.name().substring(plain.length() + 1) + "]");
    }

    private static double[] column(List<ResultRow> rows, ToDoubleFunction<ResultRow> f) {
        return rows.stream().mapToDouble(f).toArray();
    }

    /** The group's loss curves (l and n l against t) and its showcase run's particle histograms. */
    private List<Figure.Written> groupFigures(Group g) throws IOException {
        List<Figure.Written> figures = new ArrayList<>();
        List<Curve> curves = new ArrayList<>();
        for (Map.Entry<Integer, List<ResultRow>> e : g.byN().entrySet()) {
            List<MetricsTable> metrics = new ArrayList<>();
            for (ResultRow r : e.getValue()) {
                MetricsTable m = readMetrics(r);
                if (m != null) {
                    metrics.add(m);
                }
            }
            if (!metrics.isEmpty()) {
                curves.add(Curve.geometricMean(e.getKey(), metrics));
            }
        }
        curves = Curve.plottable(curves);
        if (!curves.isEmpty()) {
            String label = label(g);
            figures.add(new Figure(g.name() + "-loss", label + ": test loss and n x test loss against t "
                    + "(geometric mean over seeds, number of seeds in brackets; log-log, t = 0 left out)",
                    List.of(Charts.lossVsTime("test loss, " + label, curves, false),
                            Charts.lossVsTime("n x test loss", curves, true))).write(plots));
        }
        ResultRow showcase = g.showcase();
        Checkpoint checkpoint = readCheckpoint(showcase);
        if (checkpoint != null) {
            figures.add(RunReport.particleFigure(g.name() + "-particles", checkpoint, showcase.run())
                    .write(plots));
        }
        return figures;
    }

    private MetricsTable readMetrics(ResultRow r) {
        Path file = folder.resolve(r.run()).resolve(RunFolders.METRICS);
        try {
            return MetricsTable.read(file);
        } catch (NoSuchFileException e) {
            notes.add(file + " is missing: run " + r.run() + " has no loss curve");
        } catch (IOException | IllegalArgumentException e) {
            notes.add(file + " cannot be read (" + e.getMessage() + "): run " + r.run() + " has no loss curve");
        }
        return null;
    }

    private Checkpoint readCheckpoint(ResultRow r) {
        Path file = folder.resolve(r.run()).resolve(RunFolders.CHECKPOINT);
        try {
            return CheckpointFormat.read(file);
        } catch (CheckpointException e) {
            notes.add(e.getMessage() + ": no particle histograms for " + r.run());
            return null;
        }
    }

    private List<List<String>> fitRows(List<Group> groups, Map<Group, SlopeFit> fitOf) {
        List<List<String>> rows = new ArrayList<>();
        for (Group g : groups) {
            SlopeFit fit = fitOf.get(g);
            if (fit == null) {
                rows.add(List.of(label(g), "-", Integer.toString(g.runs().size()), "no fit", "-", "-", "-",
                        "-"));
                continue;
            }
            SeedSlopes seeds = g.seedSlopes(minN);
            rows.add(List.of(label(g), (int) fit.nMin() + ".." + (int) fit.nMax() + " (" + fit.nValues() + ")",
                    Integer.toString(fit.points()), Num.slope(fit.slope()),
                    fit.hasInterval() ? "[" + Num.slope(fit.lower()) + ", " + Num.slope(fit.upper()) + "]" : "-",
                    Num.sig(fit.prefactor()), fit.method() + (Double.isNaN(fit.df()) ? ""
                            : ", df " + String.format(Locale.ROOT, "%.1f", fit.df())),
                    seeds == null ? "-" : Num.slope(seeds.mean()) + " [" + Num.slope(seeds.lower()) + ", "
                            + Num.slope(seeds.upper()) + "] (" + seeds.seeds() + ")"));
        }
        return rows;
    }

    private static List<List<String>> perNRows(Group g) {
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<Integer, List<ResultRow>> e : g.byN().entrySet()) {
            List<ResultRow> runs = e.getValue();
            rows.add(List.of(Integer.toString(e.getKey()), Integer.toString(runs.size()),
                    Num.sig(mean(runs, ResultRow::tailTestLoss)),
                    Num.sig(Math.exp(mean(runs, r -> Math.log(r.tailTestLoss())))),
                    Num.sig(runs.stream().mapToDouble(ResultRow::tailTestLoss).min().orElse(Double.NaN)),
                    Num.sig(runs.stream().mapToDouble(ResultRow::tailTestLoss).max().orElse(Double.NaN)),
                    Num.sig(mean(runs, ResultRow::tailTestLossOverCf)), Num.sig(mean(runs, ResultRow::wallS))));
        }
        return rows;
    }

    private static double mean(List<ResultRow> runs, ToDoubleFunction<ResultRow> f) {
        return runs.stream().mapToDouble(f).average().orElse(Double.NaN);
    }
}
