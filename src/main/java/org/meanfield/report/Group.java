package org.meanfield.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

import org.meanfield.sweep.ResultRow;

/**
 * The completed runs of one scaling group, sorted by n then realisation (seed, then target seed).
 *
 * @param key the parameters the runs share
 * @param name the group's file-name stem, unique within its sweep
 * @param runs the runs, by n then realisation
 */
record Group(GroupKey key, String name, List<ResultRow> runs) {

    /** The completed rows of a sweep by group, in {@link GroupKey#ORDER}, with unique names. */
    static List<Group> of(List<ResultRow> done) {
        Map<GroupKey, List<ResultRow>> byKey = new TreeMap<>(GroupKey.ORDER);
        for (ResultRow row : done) {
            byKey.computeIfAbsent(GroupKey.of(row), k -> new ArrayList<>()).add(row);
        }
        Map<String, Integer> nameCount = new HashMap<>();
        byKey.keySet().forEach(k -> nameCount.merge(k.name(), 1, Integer::sum));
        List<Group> groups = new ArrayList<>();
        for (Map.Entry<GroupKey, List<ResultRow>> e : byKey.entrySet()) {
            GroupKey key = e.getKey();
            String name = key.name();
            if (nameCount.get(name) > 1) {
                // Two groups differing only in what the name leaves out: a hash of every parameter keeps
                // the names apart, and stays the same from report to report.
                name += "-" + hash(key);
            }
            List<ResultRow> runs = new ArrayList<>(e.getValue());
            runs.sort(Comparator.comparingInt(ResultRow::n).thenComparingLong(ResultRow::seed)
                    .thenComparingLong(ResultRow::targetSeed));
            groups.add(new Group(key, name, List.copyOf(runs)));
        }
        return groups;
    }

    private static String hash(GroupKey key) {
        CRC32 crc = new CRC32();
        crc.update(key.toString().getBytes(StandardCharsets.UTF_8));
        return String.format(Locale.ROOT, "%08x", crc.getValue());
    }

    /** The runs by n, n ascending. */
    Map<Integer, List<ResultRow>> byN() {
        Map<Integer, List<ResultRow>> byN = new TreeMap<>();
        for (ResultRow run : runs) {
            byN.computeIfAbsent(run.n(), k -> new ArrayList<>()).add(run);
        }
        return byN;
    }

    /** The runs a fit may use: n at least {@code minN} and a finite positive settled (tail) loss. */
    List<ResultRow> fittable(int minN) {
        return runs.stream().filter(r -> r.n() >= minN && r.tailTestLoss() > 0
                && Double.isFinite(r.tailTestLoss())).toList();
    }

    /** The power-law fit over {@link #fittable}, or null with fewer than two values of n. */
    SlopeFit fit(int minN) {
        List<ResultRow> rows = fittable(minN);
        if (rows.stream().mapToInt(ResultRow::n).distinct().count() < 2) {
            return null;
        }
        double[] n = rows.stream().mapToDouble(ResultRow::n).toArray();
        double[] loss = rows.stream().mapToDouble(ResultRow::tailTestLoss).toArray();
        return SlopeFit.fit(n, loss);
    }

    /** The per-seed cross-check over {@link #fittable}, or null without a crossed design. */
    SeedSlopes seedSlopes(int minN) {
        List<ResultRow> rows = fittable(minN);
        return SeedSlopes.of(rows.stream().mapToDouble(ResultRow::n).toArray(),
                rows.stream().mapToLong(Group::realisation).toArray(),
                rows.stream().mapToDouble(ResultRow::tailTestLoss).toArray());
    }

    /** The realisation a run belongs to, (seed, target seed), as one number for {@link SeedSlopes}. */
    static long realisation(ResultRow row) {
        return row.seed() * 1_000_003L + row.targetSeed();
    }

    /** The run whose particles the report shows: the largest n, its first (smallest) seed. */
    ResultRow showcase() {
        int nMax = runs.get(runs.size() - 1).n();
        return runs.stream().filter(r -> r.n() == nMax).findFirst().orElseThrow();
    }
}
