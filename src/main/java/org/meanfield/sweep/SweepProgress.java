package org.meanfield.sweep;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The sweep's progress over its runs, skipped ones counted as done: a bar with an ETA on a
 * terminal, a line per finished run otherwise (a log), nothing when quiet.
 */
final class SweepProgress implements AutoCloseable {
    private final PrintWriter err;
    private final boolean quiet;
    private final int total;
    private final ProgressBar bar;
    private int finished;
    private int failed;

    SweepProgress(PrintWriter err, boolean quiet, int total, int skipped) {
        this.err = err;
        this.quiet = quiet;
        this.total = total;
        this.finished = skipped;
        if (!quiet && System.console() != null) {
            // Counted from the skipped runs, so the ETA comes from the runs this session does.
            bar = new ProgressBarBuilder().setTaskName("sweep").setInitialMax(total).startsFrom(skipped, Duration.ZERO)
                    .setUnit(" runs", 1).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).build();
        } else {
            bar = null;
        }
    }

    /**
     * A run ended: completed ({@code row} done), failed ({@code row} failed) or stopped ({@code row} null).
     */
    void ended(SweepPlan.Run run, ResultRow row, int exit, Duration wall) {
        if (row != null) {
            finished++;
        }
        String how;
        if (row == null) {
            how = "stopped; the same command resumes it";
        } else if (row.done()) {
            how = String.format(Locale.ROOT, "done in %.1f s, loss/C_f %.4g", wall.toMillis() / 1e3,
                    row.finalTestLossOverCf());
        } else {
            failed++;
            how = "failed (exit " + exit + "); see " + run.folder().resolve(SweepRunner.LOG);
        }
        if (bar != null) {
            bar.stepTo(finished);
            bar.setExtraMessage(failed > 0 ? failed + " failed" : "");
        } else if (!quiet) {
            err.printf(Locale.ROOT, "meanfield: [%d/%d] %s %s%n", finished, total, run.point().run(), how);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
