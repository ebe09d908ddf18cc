package org.meanfield.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.meanfield.config.MemoryEstimate;
import org.meanfield.config.ParamTable;
import org.meanfield.config.Params;
import org.meanfield.config.RunConfig;

/**
 * One run of a sweep: a block and a combination of its grid values.
 *
 * @param block the block's name
 * @param name the run's folder name inside the block's folder: {@code <key><value>} for each grid key, in
 *     spec order, joined by '-' (e.g. {@code d25-n512-seed1})
 * @param options every option of the run by spec key (the block's base, then its grid values), as text
 */
public record SweepPoint(String block, String name, Map<String, String> options) {

    /** Keeps the options' order. */
    public SweepPoint {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** The run folder relative to the sweep folder, with a forward slash: {@code <block>/<name>}. */
    public String run() {
        return block + "/" + name;
    }

    /**
     * The train options of this run, named as {@code table} names them, one {@code --option=value}
     * token each (a value may start with '-').
     */
    public List<String> trainArgs(ParamTable table) {
        List<String> args = new ArrayList<>();
        options.forEach((key, value) -> args.add(table.keyOptions().get(key) + "=" + value));
        return args;
    }

    /**
     * The run config of this point on {@code threads} threads, its options read as the parameters of
     * {@code table} ({@link Params#RUN} for a training run) read them, as train would.
     *
     * @throws IllegalArgumentException the one-line reason train would give
     */
    public RunConfig config(ParamTable table, int threads) {
        ParamTable.Given given = table.given();
        options.forEach(given::setText);
        RunConfig config = given.set(Params.THREADS, threads).resolve();
        List<String> problems = config.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0));
        }
        // The children get this JVM's heap options (ChildJvm), so its heap is theirs.
        String memory = MemoryEstimate.problem(config, Runtime.getRuntime().maxMemory());
        if (memory != null) {
            throw new IllegalArgumentException(memory);
        }
        return config;
    }

    /** The most points a sweep may have: planning more would take minutes, and running them years. */
    public static final long MAX_POINTS = 100_000;

    /**
     * The number of points of {@code spec} (the product of each block's grid lengths, summed over
     * blocks), counted without building them; Long.MAX_VALUE when it overflows.
     */
    public static long count(SweepSpec spec, boolean quick) {
        long total = 0;
        try {
            for (SweepSpec.Block written : spec.blocks()) {
                long points = 1;
                for (JsonNode list : written.as(quick).grid().values()) {
                    points = Math.multiplyExact(points, list.size());
                }
                total = Math.addExact(total, points);
            }
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
        return total;
    }

    /**
     * The points of every block of {@code spec}, block by block, each block's in grid order.
     *
     * @throws IllegalArgumentException if there are more than {@link #MAX_POINTS}, before any is built
     */
    public static List<SweepPoint> of(SweepSpec spec, boolean quick) {
        long count = count(spec, quick);
        if (count > MAX_POINTS) {
            throw new IllegalArgumentException("the sweep has " + (count == Long.MAX_VALUE ? "more than 9.2e18"
                    : Long.toString(count)) + " points (the product of each block's grid lengths), more than the "
                    + MAX_POINTS + " a sweep may have; split it into several sweeps or shorten the grids");
        }
        List<SweepPoint> points = new ArrayList<>();
        for (SweepSpec.Block written : spec.blocks()) {
            SweepSpec.Block block = written.as(quick);
            Map<String, String> base = new LinkedHashMap<>();
            block.base().forEach((key, value) -> {
                if (!block.grid().containsKey(key)) {
                    base.put(key, PointKeys.text(value)); // a key in both: the grid wins
                }
            });
            List<String> keys = new ArrayList<>(block.grid().keySet());
            List<List<String>> values = new ArrayList<>();
            for (JsonNode list : block.grid().values()) {
                List<String> texts = new ArrayList<>();
                list.forEach(value -> texts.add(PointKeys.text(value)));
                values.add(texts);
            }
            product(block.name(), base, keys, values, 0, new LinkedHashMap<>(), points);
        }
        return points;
    }

    /** Appends the combinations of keys[at..] to {@code chosen}, the first key varying slowest. */
    private static void product(String block, Map<String, String> base, List<String> keys, List<List<String>> values,
            int at, Map<String, String> chosen, List<SweepPoint> points) {
        if (at == keys.size()) {
            Map<String, String> options = new LinkedHashMap<>(base);
            options.putAll(chosen);
            List<String> parts = new ArrayList<>();
            chosen.forEach((key, value) -> parts.add(key + value));
            points.add(new SweepPoint(block, String.join("-", parts), options));
            return;
        }
        for (String value : values.get(at)) {
            chosen.put(keys.get(at), value);
            product(block, base, keys, values, at + 1, chosen, points);
        }
        chosen.remove(keys.get(at));
    }
}
