package org.meanfield.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
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
    private final FitRanges ranges;
    private final Path plots;
    /** Files that could not be used, one line each, for the page and the command's output. */
    private final List<String> notes = new ArrayList<>();

    SweepReport(Path folder, FitRanges ranges) {
        this.folder = folder;
        this.ranges = ranges;
        this.plots = folder.resolve(Report.PLOTS);
    }

    /**
     * A group and its fits.
     *
     * @param group the group
     * @param range the n range of its fit and where it came from
     * @param fit the fit over the range (null: fewer than two values of n in it)
     * @param allN the fit over every n (null: fewer than two values of n)
     */
    record GroupFit(Group group, FitRanges.Range range, SlopeFit fit, SlopeFit allN,
            Map<SignedError, SignedFit[]> signed) {
        static GroupFit of(Group g, FitRanges.Range range) {
            Map<SignedError, SignedFit[]> signed = new EnumMap<>(SignedError.class);
            for (SignedError e : SignedError.values()) {
                signed.put(e, new SignedFit[] {SignedFit.of(g, e, range.minN()), SignedFit.of(g, e, 0)});
            }
            return new GroupFit(g, range, g.fit(range.minN()), g.fit(0), signed);
        }

        /** Why there is no fit over the range. */
        String reason() {
            long all = group.byN().size();
            return all < 2 ? "one value of n (" + group.runs().get(0).n() + ")"
                    : "fewer than two values of n >= " + range.minN() + " with a positive settled loss";
        }
    }

    /**
     * One unit's scaling plot: the chart, and the groups of that unit left off it (no fit over their
     * range), for the text beside it.
     */
    record ScalingPlot(String unit, XYChart chart, List<GroupFit> left) {
    }

    Report.Result write() throws IOException {
        List<ResultRow> rows = ResultRow.read(folder.resolve(RESULTS));
        List<ResultRow> done = rows.stream().filter(ResultRow::done).toList();
        List<ResultRow> failed = rows.stream().filter(r -> !r.done()).toList();
        List<Group> groups = Group.of(done);
        if (ranges.note() != null) {
            notes.add(ranges.note());
        }

        List<FitsFile.Entry> fits = new ArrayList<>();
        List<FitsFile.Skipped> skipped = new ArrayList<>();
        List<GroupFit> groupFits = new ArrayList<>();
        List<String> fitLines = new ArrayList<>();
        for (Group g : groups) {
            GroupFit gf = GroupFit.of(g, ranges.of(g));
            groupFits.add(gf);
            FitsFile.Fit allN = FitsFile.Fit.of(gf.allN(), g.seedSlopes(0));
            if (gf.fit() == null) {
                skipped.add(new FitsFile.Skipped(g.name(), g.key(), g.runs().size(), gf.range().minN(),
                        gf.range().source(), gf.reason(), allN, FitsFile.SignedEntry.of(gf.signed())));
                fitLines.add(label(g) + ": no fit (" + gf.reason() + ")" + allNText(gf));
            } else {
                fits.add(FitsFile.Entry.of(g, gf.range(),
                        FitsFile.Fit.of(gf.fit(), g.seedSlopes(gf.range().minN())), allN,
                        FitsFile.SignedEntry.of(gf.signed())));
                fitLines.add(label(g) + Charts.fitText(gf.fit()) + " over n = " + (int) gf.fit().nMin() + ".."
                        + (int) gf.fit().nMax() + " (" + gf.fit().points() + " runs)" + (gf.range().minN() > 0 ? "; " + gf.range().text()
                        + " from " + gf.range().source() : "") + allNText(gf));
            }
            for (SignedFit[] sf : gf.signed().values()) {
                if (sf[0].runs().isEmpty()) {
                    continue; // nothing measured (exact dynamics, older runs): said once, on the page
                }
                fitLines.add("  " + sf[0].error().column + ": " + signedText(sf[0]));
            }
        }
        FitRanges.Range fallback = ranges.defaultRange();
        Json.write(folder.resolve(Report.FITS), new FitsFile(fallback.minN(), fallback.source(), FitsFile.MODEL,
                FitsFile.INTERVAL, FitsFile.SIGNED, SlopeFit.BOOTSTRAP_SEED, fits, skipped));

        List<Figure.Written> scaling = new ArrayList<>();
        Map<Figure.Written, List<GroupFit>> leftOff = new LinkedHashMap<>();
        for (ScalingPlot plot : scalingPlots(groupFits)) {
            if (plot.chart() == null) {
                notes.add("no " + plot.unit() + " group has a fit: no scaling plot");
                continue;
            }
            String name = "scaling-" + plot.unit().replaceAll("[^A-Za-z0-9.\\-]", "_");
            Figure.Written figure = new Figure(name, "Settled test loss against n, " + plot.unit() + " units: one "
                    + "point per run (paler: below the group's range), each group's least-squares line over its "
                    + "range with its slope and 95 % interval, dotted n^-1 and n^-2 for reference",
                    List.of(plot.chart())).write(plots);
            scaling.add(figure);
            leftOff.put(figure, plot.left());
        }
        List<Figure.Written> signedFigures = new ArrayList<>();
        for (SignedError e : SignedError.values()) {
            for (ScalingPlot plot : signedPlots(groupFits, e)) {
                if (plot.chart() == null) {
                    continue;
                }
                signedFigures.add(new Figure("scaling-" + e.file + "-" + plot.unit().replaceAll("[^A-Za-z0-9.\\-]", "_"),
                        "Settled " + e.formula + " against n, " + plot.unit() + " units (the study's Figure 3): one "
                        + "point per run, each group's least-squares line over its range with its slope and 95 % "
                        + "interval, dotted n^-1 and n^-2 for reference; groups with a value <= 0 in their range "
                        + "have no fit and are not drawn (the table says which)", List.of(plot.chart())).write(plots));
            }
        }
        Map<Group, List<Figure.Written>> groupFigures = new LinkedHashMap<>();
        for (Group g : groups) {
            groupFigures.put(g, groupFigures(g));
        }

        Html html = new Html("meanfield sweep report: " + folder.toAbsolutePath().normalize().getFileName());
        html.paragraph(rows.size() + " runs in " + RESULTS + ": " + done.size() + " completed, " + failed.size()
                + " failed; " + groups.size() + " groups (runs that differ only in n and seed); fits use "
                + fallback.text() + " (" + fallback.source() + ") unless a block of " + FitRanges.SPEC_COPY
                + " sets its own fit.min_n (the table says which).");
        html.list(notes);
        html.heading("Fits: settled loss = A n^slope (settled loss: mean test loss over the last quarter of each run's time)");
        html.table(List.of("group", "range", "n", "runs", "slope", "95 % interval", "A", "method",
                "per-seed slopes (k)", "slope, all n [95 %]"), fitRows(groupFits));
        html.paragraph("Interval: " + FitsFile.INTERVAL);
        for (Figure.Written figure : scaling) {
            html.figure(figure);
            List<GroupFit> left = leftOff.get(figure);
            if (!left.isEmpty()) {
                html.paragraph("Not in this plot (no fit over their range): " + String.join("; ",
                        left.stream().map(gf -> label(gf.group()) + ", " + gf.reason()).toList()) + ".");
            }
        }
        if (groupFits.stream().anyMatch(gf -> gf.signed().values().stream().anyMatch(sf -> !sf[0].runs().isEmpty()))) {
            html.heading("Signed errors (the study's Figure 3): settled e+ = <Theta(f)(f - f_n)> and e- = "
                    + "<Theta(-f)(f_n - f)> = A n^slope");
            html.table(List.of("group", "error", "range", "n", "runs", "slope", "95 % interval", "A",
                    "per-seed slopes (k)", "slope, all n [95 %]"), signedRows(groupFits));
            html.paragraph(FitsFile.SIGNED + ".");
            signedFigures.forEach(html::figure);
        }
        for (Group g : groups) {
            html.subheading(label(g), g.name());
            html.table(List.of("n", "runs", "mean settled loss", "geometric mean", "min", "max", "mean loss/C_f",
                    "mean e+", "mean e-", "mean wall s"),
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

    /**
     * One scaling plot per unit, of the groups with a fit over their range; the others are listed, not
     * drawn (a chart of null when no group of the unit has a fit).
     */
    static List<ScalingPlot> scalingPlots(List<GroupFit> groupFits) {
        return plotsByUnit(groupFits, gf -> gf.fit() == null ? null : scalingSeries(gf),
                (unit, series) -> Charts.scaling("settled test loss against n, " + unit + " units", series));
    }

    /** The same for {@code e}'s fits over the groups' ranges. */
    static List<ScalingPlot> signedPlots(List<GroupFit> groupFits, SignedError e) {
        return plotsByUnit(groupFits, gf -> signedSeries(gf, e), (unit, series) -> Charts.scaling("settled "
                + e.formula + " against n, " + unit + " units", "settled " + e.symbol + " = " + e.formula, series));
    }

    /**
     * Per unit, the chart {@code chart} makes of the series {@code series} gives its groups (null for a
     * group without a fit, which is listed as left out instead).
     */
    private static List<ScalingPlot> plotsByUnit(List<GroupFit> groupFits,
            Function<GroupFit, Charts.ScalingSeries> series,
            BiFunction<String, List<Charts.ScalingSeries>, XYChart> chart) {
        List<ScalingPlot> plots = new ArrayList<>();
        for (String unit : groupFits.stream().map(gf -> gf.group().key().unit()).distinct().toList()) {
            List<Charts.ScalingSeries> drawn = new ArrayList<>();
            List<GroupFit> left = new ArrayList<>();
            for (GroupFit gf : groupFits) {
                if (!gf.group().key().unit().equals(unit)) {
                    continue;
                }
                Charts.ScalingSeries one = series.apply(gf);
                if (one == null) {
                    left.add(gf);
                } else {
                    drawn.add(one);
                }
            }
            plots.add(new ScalingPlot(unit, drawn.isEmpty() ? null : chart.apply(unit, drawn), List.copyOf(left)));
        }
        return plots;
    }

    /** {@code gf}'s series of {@code e} (runs below the range paler), or null where it has no fit. */
    private static Charts.ScalingSeries signedSeries(GroupFit gf, SignedError e) {
        SignedFit sf = gf.signed().get(e)[0];
        if (sf.fit() == null) {
            return null;
        }
        int minN = gf.range().minN();
        List<ResultRow> below = gf.group().runs().stream()
                .filter(r -> r.n() < minN && e.of(r) > 0 && Double.isFinite(e.of(r))).toList();
        return new Charts.ScalingSeries(label(gf.group()), column(sf.runs(), ResultRow::n), column(sf.runs(), e::of),
                column(below, ResultRow::n), column(below, e::of), sf.fit(), gf.range().text());
    }

    /** ": slope -1.02 [-1.10, -0.95] over n = 32..512 (12 runs)", or the reason there is no fit. */
    private static String signedText(SignedFit sf) {
        if (sf.fit() == null) {
            return "no fit (" + sf.reason() + ")";
        }
        return Charts.fitText(sf.fit()).substring(2) + " over n = " + (int) sf.fit().nMin() + ".."
                + (int) sf.fit().nMax() + " (" + sf.fit().points() + " runs)";
    }

    private static List<List<String>> signedRows(List<GroupFit> groupFits) {
        List<List<String>> rows = new ArrayList<>();
        for (GroupFit gf : groupFits) {
            for (SignedFit[] pair : gf.signed().values()) {
                SignedFit sf = pair[0];
                if (sf.runs().isEmpty() && sf.unmeasured() > 0) {
                    continue;
                }
                SlopeFit fit = sf.fit();
                String allN = pair[1].fit() == null ? "-" : slopeWithInterval(pair[1].fit()) + " over n = "
                        + (int) pair[1].fit().nMin() + ".." + (int) pair[1].fit().nMax();
                String range = gf.range().text() + " (" + gf.range().source() + ")";
                if (fit == null) {
                    rows.add(List.of(label(gf.group()), sf.error().symbol, range, "-", Integer.toString(sf.runs().size()),
                            "no fit: " + sf.reason(), "-", "-", "-", allN));
                    continue;
                }
                SeedSlopes seeds = sf.seeds();
                rows.add(List.of(label(gf.group()), sf.error().symbol, range, (int) fit.nMin() + ".." + (int) fit.nMax()
                        + " (" + fit.nValues() + ")", Integer.toString(fit.points()), Num.slope(fit.slope()),
                        fit.hasInterval() ? "[" + Num.slope(fit.lower()) + ", " + Num.slope(fit.upper()) + "]" : "-",
                        Num.sig(fit.prefactor()), seeds == null ? "-" : Num.slope(seeds.mean()) + " ["
                                + Num.slope(seeds.lower()) + ", " + Num.slope(seeds.upper()) + "] (" + seeds.seeds() + ")",
                        allN));
            }
        }
        return rows;
    }

    private static Charts.ScalingSeries scalingSeries(GroupFit gf) {
        int minN = gf.range().minN();
        List<ResultRow> in = gf.group().fittable(minN);
        List<ResultRow> below = gf.group().runs().stream()
                .filter(r -> r.n() < minN && r.tailTestLoss() > 0 && Double.isFinite(r.tailTestLoss())).toList();
        return new Charts.ScalingSeries(label(gf.group()), column(in, ResultRow::n), column(in, ResultRow::tailTestLoss),
                column(below, ResultRow::n), column(below, ResultRow::tailTestLoss), gf.fit(), gf.range().text());
    }

    /** "; all n: slope -0.851 [...] over n = 16..2048" where the range left some n out, else nothing. */
    private static String allNText(GroupFit gf) {
        if (gf.allN() == null || gf.fit() != null && gf.fit().points() == gf.allN().points()) {
            return "";
        }
        return "; all n" + Charts.fitText(gf.allN()) + " over n = " + (int) gf.allN().nMin() + ".."
                + (int) gf.allN().nMax();
    }

    /** The group's label, with its name's hash when its parameters alone do not tell it apart. */
    private static String label(Group g) {
        String plain = g.key().name();
        return g.key().label() + (g.name().equals(plain) ? "" : " [" + g.name().substring(plain.length() + 1) + "]");
    }

    private static double[] column(List<ResultRow> rows, ToDoubleFunction<ResultRow> f) {
        return rows.stream().mapToDouble(f).toArray();
    }

    /**
     * The group's loss curves (l and n l against t), its showcase run's (largest n, first realisation)
     * particle histograms, its great circles in d >= 3 (the study's Figure 4) and, for gaussian units in
     * d >= 3, its slice figure.
     */
    private List<Figure.Written> groupFigures(Group g) throws IOException {
        List<Figure.Written> figures = new ArrayList<>();
        List<Curve> curves = new ArrayList<>();
        double lastPhaseStart = 0;
        for (Map.Entry<Integer, List<ResultRow>> e : g.byN().entrySet()) {
            List<MetricsTable> metrics = new ArrayList<>();
            for (ResultRow r : e.getValue()) {
                MetricsTable m = readMetrics(r);
                if (m != null) {
                    metrics.add(m);
                    lastPhaseStart = m.lastPhaseStart(); // the same for every run of a group
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
            if (lastPhaseStart > 0) {
                figures.add(new Figure(g.name() + "-last-phase", label + ": the last phase (from t = "
                        + Num.compact(lastPhaseStart) + "), each n's test loss over its mean in the last quarter, "
                        + "against t (linear axes): a downward drift at the end shows as a slope",
                        List.of(Charts.lossRelativeToTail("last phase, from t = " + Num.compact(lastPhaseStart), curves, lastPhaseStart)))
                        .write(plots));
            }
        }
        ResultRow showcase = g.showcase();
        Checkpoint checkpoint = readCheckpoint(showcase);
        if (checkpoint != null) {
            figures.addAll(RunReport.checkpointFigures(folder.resolve(showcase.run()), checkpoint, showcase.run(),
                    g.name() + "-", g.name() + "-circles", plots, notes, " for " + showcase.run()));
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

    private static List<List<String>> fitRows(List<GroupFit> groupFits) {
        List<List<String>> rows = new ArrayList<>();
        for (GroupFit gf : groupFits) {
            Group g = gf.group();
            SlopeFit fit = gf.fit();
            String range = gf.range().text() + " (" + gf.range().source() + ")";
            String allN = gf.allN() == null ? "-" : slopeWithInterval(gf.allN()) + " over n = "
                    + (int) gf.allN().nMin() + ".." + (int) gf.allN().nMax();
            if (fit == null) {
                rows.add(List.of(label(g), range, "-", Integer.toString(g.runs().size()), "no fit: " + gf.reason(),
                        "-", "-", "-", "-", allN));
                continue;
            }
            SeedSlopes seeds = g.seedSlopes(gf.range().minN());
            rows.add(List.of(label(g), range, (int) fit.nMin() + ".." + (int) fit.nMax() + " (" + fit.nValues() + ")",
                    Integer.toString(fit.points()), Num.slope(fit.slope()),
                    fit.hasInterval() ? "[" + Num.slope(fit.lower()) + ", " + Num.slope(fit.upper()) + "]" : "-",
                    Num.sig(fit.prefactor()), fit.method() + (Double.isNaN(fit.df()) ? ""
                            : ", df " + String.format(Locale.ROOT, "%.1f", fit.df())),
                    seeds == null ? "-" : Num.slope(seeds.mean()) + " [" + Num.slope(seeds.lower()) + ", "
                            + Num.slope(seeds.upper()) + "] (" + seeds.seeds() + ")", allN));
        }
        return rows;
    }

    private static String slopeWithInterval(SlopeFit fit) {
        return Num.slope(fit.slope()) + (fit.hasInterval()
                ? " [" + Num.slope(fit.lower()) + ", " + Num.slope(fit.upper()) + "]" : "");
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
                    Num.sig(mean(runs, ResultRow::tailTestLossOverCf)), Num.sig(mean(runs, ResultRow::tailTestErrPos)),
                    Num.sig(mean(runs, ResultRow::tailTestErrNeg)), Num.sig(mean(runs, ResultRow::wallS))));
        }
        return rows;
    }

    private static double mean(List<ResultRow> runs, ToDoubleFunction<ResultRow> f) {
        return runs.stream().mapToDouble(f).average().orElse(Double.NaN);
    }
}
