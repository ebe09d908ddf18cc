package org.meanfield.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.meanfield.folder.FolderLock;
import org.meanfield.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meanfield report}: the figures and page of a run folder, or the fits, figures and page of a sweep. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes report.html (figures embedded) and plots/*.png, *.svg into a run or sweep folder; "
            + "for a sweep also fits.json: final loss = A n^slope per group of runs that differ only in n and seed, "
            + "with a 95 %% bootstrap-over-seeds interval for the slope, over each group's n range and over all n."})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FOLDER", description = "A sweep folder (with results.csv) or a run folder "
            + "(with config.json).")
    Path folder;

    @Option(names = "--min-n", paramLabel = "N", description = "Fit only runs with n >= N, in every group (the power "
            + "law holds at large n). Default: per group, its block's fit.min_n in the sweep folder's sweep.json, "
            + "else that spec's report.min_n, else every n.")
    Integer minN;

    @Override
    public Integer call() throws Exception {
        Report.Result result = minN == null ? Report.write(folder) : Report.write(folder, minN);
        PrintWriter out = spec.commandLine().getOut();
        out.println("report: wrote " + result.html() + (result.notes().isEmpty() ? ""
                : " (" + result.notes().size() + " file(s) could not be used; listed on the page)"));
        result.lines().forEach(line -> out.println("  " + line));
        FolderLock.writer(folder).ifPresent(writer -> out.println("  " + folder + " is still being written (" + writer
                + "): the report shows it as far as its files had got"));
        out.flush();
        return 0;
    }
}
