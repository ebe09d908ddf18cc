package org.meanfield.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.meanfield.dynamics.DynamicsKind;
import org.meanfield.engine.KernelChoice;
import org.meanfield.folder.Json;
import org.meanfield.model.UnitKind;
import org.meanfield.run.Benchmark;
import org.meanfield.run.BenchmarkGuard;
import org.meanfield.run.BenchmarkResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meanfield bench}: end-to-end step throughput against the FMA peak of this machine. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time the full step and compare it with the FMA peak measured in the same process.",
            "SGD (float32: sample, target, forward, backward, update): 4*d*n*P flops a step, pairs per second = n*P / step time.",
            "Exact (gaussian units, float64: the n-body pair sums and the update): (3d+40)*n^2 flops a step, "
                + "pairs per second = n^2 / step time, against the float64 peak (half the float32 one)."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dynamics", description = "sgd, exact or flow (the pair-sum steps: n^2 pairs in float64). Default: ${DEFAULT-VALUE}.")
    DynamicsKind dynamics = DynamicsKind.SGD;

    @Option(names = "--unit", description = "Unit: ${COMPLETION-CANDIDATES}. Default: relu, gaussian with --dynamics exact or flow.")
    UnitKind unit;

    @Option(names = {"-d", "--dim"}, description = "Input dimension. Default: ${DEFAULT-VALUE}.")
    int d = 25;

    @Option(names = {"-n", "--particles"}, description = "Particles. Default: 16384 (sgd), 2048 (exact, flow).")
    Integer n;

    @Option(names = {"-P", "--batch"}, description = "Points per step. Default: ${DEFAULT-VALUE}.")
    int batch = 1024;

    @Option(names = "--threads", description = "Worker threads. Default: all cores.")
    Integer threads;

    @Option(names = "--kernel", description = "Engine: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    KernelChoice kernel = KernelChoice.AUTO;

    @Option(names = "--warmup", description = "Seconds of warm-up steps before measuring; the warm-up then goes on while "
            + "a step still allocates (its code not yet compiled), starting no window after 10 times this or 30 s, whichever "
            + "is longer. Default: ${DEFAULT-VALUE}.")
    double warmup = 3;

    @Option(names = "--seconds", description = "Seconds of measured steps. Default: ${DEFAULT-VALUE}.")
    double seconds = 5;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Option(names = "--guard", paramLabel = "FILE", description = {
        "Instead of one benchmark: the throughput guard. Measures, on one thread at d = 25, n = 512, P = 128, "
            + "each unit's step as a fraction of the FMA peak and the vector/scalar speed-up (fastest of many "
            + "single steps, so a busy machine does not fail it), and compares them with FILE's baseline for this "
            + "JDK and vector width; exit 1 with one line per figure below the share of its baseline. "
            + "--warmup and --seconds apply per figure (defaults 1 and 1.5 here)."})
    java.nio.file.Path guard;

    @Option(names = "--share", description = "With --guard: the least fraction of the baseline that passes. Default: the file's (0.75).")
    Double share;

    @Option(names = "--record", description = "With --guard: measure and write this JDK's, vector width's and CPU's baseline into FILE.")
    boolean record;

    @Override
    public Integer call() throws Exception {
        if (guard != null) {
            return guard();
        }
        if (record || share != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--record and --share go with --guard FILE");
        }
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        boolean pairSums = dynamics.gaussianOnly();
        UnitKind chosenUnit = unit != null ? unit : pairSums ? UnitKind.GAUSSIAN : UnitKind.RELU;
        int particles = n != null ? n : pairSums ? 2048 : 16384;
        Benchmark benchmark = new Benchmark(chosenUnit, dynamics, d, particles, batch, workers, kernel, warmup, seconds);
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

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private Integer guard() throws Exception {
        if (share != null && !(share > 0 && share <= 1)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--share must be in (0, 1], got " + share);
        }
        boolean timesGiven = spec.commandLine().getParseResult().hasMatchedOption("--warmup")
                || spec.commandLine().getParseResult().hasMatchedOption("--seconds");
        BenchmarkGuard benchmarkGuard = new BenchmarkGuard(timesGiven ? warmup : 1, timesGiven ? seconds : 1.5);
        PrintWriter out = spec.commandLine().getOut();
        if (record) {
            benchmarkGuard.record(guard, "recorded by meanfield bench --guard --record, load " + loadAverage())
                    .forEach((name, value) -> out.printf(java.util.Locale.ROOT, "throughput guard: recorded %-26s %.4f%n", name, value));
            out.flush();
            return 0;
        }
        if (!java.nio.file.Files.isRegularFile(guard)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--guard: no such file: " + guard);
        }
        java.util.List<String> failures = benchmarkGuard.check(guard, share, out);
        PrintWriter err = spec.commandLine().getErr();
        failures.forEach(err::println);
        err.flush();
        if (failures.isEmpty()) {
            out.println("throughput guard: passed");
        }
        out.flush();
        return failures.isEmpty() ? 0 : 1;
    }
}
