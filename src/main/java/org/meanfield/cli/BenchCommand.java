package org.meanfield.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.meanfield.engine.KernelChoice;
import org.meanfield.model.UnitKind;
import org.meanfield.run.Benchmark;
import org.meanfield.run.BenchmarkResult;
import org.meanfield.run.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meanfield bench}: end-to-end SGD step throughput against the FMA peak of this machine. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time the full SGD step (sample, target, forward, backward, update) and compare it with the "
                + "fp32 FMA peak measured in the same process.",
            "Effective flops per step = 4*d*n*P; pairs per second = n*P / step time."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--unit", description = "Unit: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    UnitKind unit = UnitKind.RELU;

    @Option(names = {"-d", "--dim"}, description = "Input dimension. Default: ${DEFAULT-VALUE}.")
    int d = 25;

    @Option(names = {"-n", "--particles"}, description = "Particles. Default: ${DEFAULT-VALUE}.")
    int n = 16384;

    @Option(names = {"-P", "--batch"}, description = "Points per step. Default: ${DEFAULT-VALUE}.")
    int batch = 1024;

    @Option(names = "--threads", description = "Worker threads. Default: all cores.")
    Integer threads;

    @Option(names = "--kernel", description = "Engine: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    KernelChoice kernel = KernelChoice.AUTO;

    @Option(names = "--warmup", description = "Seconds of warm-up steps before measuring. Default: ${DEFAULT-VALUE}.")
    double warmup = 3;

    @Option(names = "--seconds", description = "Seconds of measured steps. Default: ${DEFAULT-VALUE}.")
    double seconds = 5;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        Benchmark benchmark = new Benchmark(unit, d, n, batch, workers, kernel, warmup, seconds);
        BenchmarkResult result = benchmark.run();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
        } else {
            out.print(result.table());
        }
        out.flush();
        return 0;
    }
}
