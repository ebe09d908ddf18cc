package org.meanfield.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

import org.meanfield.sweep.ResultRow;
import org.meanfield.sweep.SweepSpec;

/**
 * Where each group's fit starts: the smallest n a group's fit uses and where that number came from.
 * In order: {@code report --min-n} (overrides everything), the block's {@code fit.min_n} in the
 * sweep folder's copy of its spec ({@code sweep.json}), that spec's {@code report.min_n}, else 0
 * (every n).
 */
final class FitRanges {
    /** The copy of the spec a sweep keeps in its folder. */
    static final String SPEC_COPY = "sweep.json";

    private final Integer commandLine;
    private final SweepSpec spec;
    private final String specNote;

    private FitRanges(Integer commandLine, SweepSpec spec, String specNote) {
        this.commandLine = commandLine;
        this.spec = spec;
        this.specNote = specNote;
    }

    /** One range for every group, as {@code report --min-n N} gives. */
    static FitRanges commandLine(int minN) {
        return new FitRanges(minN, null, null);
    }

    /** No spec, no option: every group fitted over every n. */
    static FitRanges none() {
        return new FitRanges(null, null, null);
    }

    /**
     * The ranges of a sweep folder's spec copy; without one (a folder written by hand, or by an
     * older meanfield without the copy) every n; a copy that cannot be read is noted and ignored.
     */
    static FitRanges of(Path folder) {
        Path copy = folder.resolve(SPEC_COPY);
        if (!Files.isRegularFile(copy)) {
            return none();
        }
        try {
            return new FitRanges(null, SweepSpec.read(copy), null);
        } catch (IllegalArgumentException e) {
            return new FitRanges(null, null, e.getMessage() + ": its fit ranges are not used (every n is fitted)");
        }
    }

    /** Why the spec copy was not used, or null. */
    String note() {
        return specNote;
    }

    /**
     * The default range (before blocks): {@code --min-n}, the spec's {@code report.min_n}, or 0.
     */
    Range defaultRange() {
        if (commandLine != null) {
            return new Range(commandLine, "report --min-n");
        }
        if (spec != null && spec.report() != null && spec.report().minN() != null) {
            return new Range(spec.minN(), SPEC_COPY + " report.min_n");
        }
        return new Range(0, "no min_n given");
    }

    /**
     * The range of {@code g}: its blocks' {@code fit.min_n} over the default; where its runs come from
     * blocks with different ranges, the largest (so that no block's fit reaches below its own range),
     * said in the source.
     */
    Range of(Group g) {
        Range fallback = defaultRange();
        if (commandLine != null || spec == null) {
            return fallback;
        }
        TreeSet<String> blocks = new TreeSet<>();
        g.runs().stream().map(ResultRow::block).forEach(blocks::add);
        TreeSet<Integer> values = new TreeSet<>();
        List<String> own = blocks.stream().filter(b -> spec.blockMinN(b) != null).toList();
        for (String b : blocks) {
            values.add(spec.minN(b));
        }
        if (own.isEmpty()) {
            return fallback;
        }
        int minN = values.last();
        String from = SPEC_COPY + " block" + (own.size() > 1 ? "s " : " ") + String.join(", ", own) + " fit.min_n";
        if (values.size() > 1) {
            from += " (the largest of the group's blocks' " + values + ")";
        }
        return new Range(minN, from);
    }

    /**
     * A group's range.
     *
     * @param minN the smallest n its fit uses (0: all)
     * @param source where that number came from, in words
     */
    record Range(int minN, String source) {
        /** ", n >= 64" or ", all n", for legends and lines. */
        String text() {
            return minN > 0 ? "n >= " + minN : "all n";
        }
    }
}
