package org.meanfield.jmh;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.meanfield.model.ThreeSpinTarget;

/**
 * Turns a JMH JSON result file of these benchmarks into throughput: per row the score, pairs (or
 * points) per second, effective GFLOP/s, the fraction of the FMA peak measured in the same file
 * ({@code FmaPeakBenchmark.fma}, one thread, times the engine threads; halved for the fp64 target),
 * and on each vector row its speed-up over the scalar row with the same parameters. Effective flops per call: 2 d n P for the forward and the backward pass,
 * 4 d n P for a step, 2 P (T + d(d+1)/2 + d) (T = d(d+1)(d+2)/6) for the target.
 *
 * <pre>java -cp jmh/target/benchmarks.jar org.meanfield.jmh.Report jmh/results/FILE.json</pre>
 */
public final class Report {
    private Report() {
    }

    /** One result row. */
    private record Row(String bench, String method, Map<String, String> params, double score, double error,
            String unit, double seconds, double items, String itemName, double flops, double secondaryGflops) {
        String key() {
            return bench + " " + params;
        }

        double gflops() {
            if (!Double.isNaN(secondaryGflops)) {
                return secondaryGflops;
            }
            return flops / seconds / 1e9;
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java -cp benchmarks.jar org.meanfield.jmh.Report RESULT.json");
            System.exit(2);
        }
        JsonNode root = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        List<Row> rows = new ArrayList<>();
        for (JsonNode result : root) {
            rows.add(row(result));
        }
        print(rows, System.out);
    }

    private static Row row(JsonNode result) {
        String full = result.get("benchmark").asText();
        String[] parts = full.split("\\.");
        String bench = parts[parts.length - 2].replace("Benchmark", "");
        String method = parts[parts.length - 1];
        Map<String, String> params = new TreeMap<>();
        JsonNode p = result.get("params");
        if (p != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                params.put(e.getKey(), e.getValue().asText());
            }
        }
        JsonNode primary = result.get("primaryMetric");
        double score = primary.get("score").asDouble();
        double error = primary.get("scoreError").asDouble();
        String unit = primary.get("scoreUnit").asText();
        double secondary = Double.NaN;
        JsonNode flopsMetric = result.path("secondaryMetrics").path("flops");
        if (!flopsMetric.isMissingNode()) {
            // flops per unit of time; in ops/ns that is GFLOP/s.
            secondary = flopsMetric.get("score").asDouble() * perSecond(flopsMetric.get("scoreUnit").asText()) / 1e9;
        }
        double seconds = unit.endsWith("/op") ? score * seconds(unit.substring(0, unit.indexOf('/'))) : Double.NaN;
        int d = Integer.parseInt(params.getOrDefault("d", "0"));
        long n = Long.parseLong(params.getOrDefault("n", "1"));
        long batch = Long.parseLong(params.getOrDefault("batch", "0"));
        double items;
        String itemName;
        double flops;
        switch (bench) {
            case "Forward", "Backward" -> {
                items = n * batch;
                itemName = "pairs";
                flops = 2.0 * d * items;
            }
            case "Step", "SgdStep" -> {
                items = n * batch;
                itemName = "pairs";
                flops = 4.0 * d * items;
            }
            case "Target" -> {
                items = batch;
                itemName = "points";
                flops = 2.0 * batch * (ThreeSpinTarget.termCount(d) + d * (d + 1) / 2 + d);
            }
            case "FlowStep" -> {
                items = (double) n * n;
                itemName = "pairs";
                flops = method.equals("fast") ? org.meanfield.flow.KernelFlowSystem.flopsPerPair(d) * items : Double.NaN;
            }
            default -> {
                items = Double.NaN;
                itemName = "";
                flops = Double.NaN;
            }
        }
        return new Row(bench, method, params, score, error, unit, seconds, items, itemName, flops, secondary);
    }

    private static void print(List<Row> rows, PrintStream out) {
        double peak = Double.NaN;
        Map<String, Row> scalarRows = new HashMap<>();
        for (Row r : rows) {
            if (r.bench().equals("FmaPeak") && r.method().equals("fma")) {
                peak = r.gflops();
            }
            if (r.method().equals("scalar") || r.method().equals("reference")) {
                scalarRows.put(r.key(), r);
            }
        }
        out.printf(Locale.ROOT, "%-26s %-46s %22s %12s %9s %8s %9s%n", "benchmark", "params", "score",
                "items/s", "GFLOP/s", "% peak", "vs scalar");
        for (Row r : rows) {
            String rate = Double.isNaN(r.items()) ? "-" : eng(r.items() / r.seconds()) + " " + r.itemName();
            double gflops = r.gflops();
            double reference = peak * Integer.parseInt(r.params().getOrDefault("threads", "1"))
                    * (r.bench().equals("Target") ? 0.5 : 1);
            String share = Double.isNaN(reference) || Double.isNaN(gflops) ? "-"
                    : String.format(Locale.ROOT, "%.1f", 100 * gflops / reference);
            Row scalar = r.method().equals("vector") || r.method().equals("fast") ? scalarRows.get(r.key()) : null;
            String speedup = scalar == null ? "" : String.format(Locale.ROOT, "%.1fx", scalar.score() / r.score());
            out.printf(Locale.ROOT, "%-26s %-46s %22s %12s %9s %8s %9s%n", r.bench() + "." + r.method(),
                    paramString(r.params()),
                    score(r), rate,
                    Double.isNaN(gflops) ? "-" : String.format(Locale.ROOT, "%.2f", gflops), share, speedup);
        }
        if (!Double.isNaN(peak)) {
            out.printf(Locale.ROOT, "%% peak: of FmaPeakBenchmark.fma, %.1f GFLOP/s fp32 on one thread, times the engine"
                    + " threads; the fp64 target against half of it%n", peak);
        }
    }

    private static String score(Row r) {
        String error = Double.isNaN(r.error()) ? "" : String.format(Locale.ROOT, " ± %.3f", r.error());
        return String.format(Locale.ROOT, "%.3f%s %s", r.score(), error, r.unit());
    }

    private static String paramString(Map<String, String> params) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (s.length() > 0) {
                s.append(' ');
            }
            s.append(e.getKey()).append('=').append(e.getValue());
        }
        return s.toString();
    }

    private static String eng(double v) {
        if (v >= 1e9) {
            return String.format(Locale.ROOT, "%.2fG", v / 1e9);
        }
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        if (v >= 1e3) {
            return String.format(Locale.ROOT, "%.2fk", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** Seconds in one JMH time unit (ns, us, ms, s, min). */
    private static double seconds(String unit) {
        return switch (unit) {
            case "ns" -> 1e-9;
            case "us" -> 1e-6;
            case "ms" -> 1e-3;
            case "s" -> 1;
            case "min" -> 60;
            default -> throw new IllegalArgumentException("unknown time unit " + unit);
        };
    }

    /** Factor from "ops/UNIT" to ops per second. */
    private static double perSecond(String unit) {
        return 1 / seconds(unit.substring(unit.indexOf('/') + 1));
    }
}
