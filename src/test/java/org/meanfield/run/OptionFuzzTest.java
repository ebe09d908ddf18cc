package org.meanfield.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.TempDirFactory;
import org.meanfield.cli.CliRun;
import org.meanfield.cli.Main;

/**
 * Mutated {@code train} command lines (options dropped, duplicated, given garbage or out-of-range
 * values, unknown options, --resume of odd folders) through {@link Main#execute}, in this JVM: each
 * ends with exit 0 (a valid tiny run, or help) or with exit 1 or 2 and one "meanfield: " error line,
 * never a stack trace, and within a time limit.
 *
 * <p>Runs stay tiny: --steps is never dropped (without it a run lasts t = 3000), its values are all
 * small or invalid, and every value pool holds only small valid values besides invalid ones. --out
 * is never dropped either, and its values all lie in the test's folder (the default, or a relative
 * garbage value, would be a folder under the working directory); --profile is left out (a JFR
 * recording per case is slow). The folder is on tmpfs where there is one: the runs' fsyncs then
 * cost nothing.
 */
class OptionFuzzTest {
    private static final int CASES = 3000;
    /** Fixed so that CI is repeatable; -Dmeanfield.fuzzSeed=... explores other cases. */
    private static final long SEED = Long.getLong("meanfield.fuzzSeed", 20261122L);
    private static final long CASE_TIMEOUT_SECONDS = 30;

    private static final List<String> GARBAGE = List.of("", " ", "-1", "0", "-0", "abc", "NaN", "Infinity",
            "-Infinity", "1e400", "99999999999999999999", "2147483648", "0x10", "1.5", "--", "-", "1,5", "３", "\u0000");

    /** The base run and the valid alternatives of each option; GARBAGE is added to each. */
    private static final Map<String, List<String>> VALID = new TreeMap<>(Map.ofEntries(
            Map.entry("-d", List.of("3", "1", "2")),
            Map.entry("-n", List.of("8", "1", "5")),
            Map.entry("--unit", List.of("relu", "sigmoid", "GAUSSIAN")),
            Map.entry("--alpha", List.of("0.3", "2")),
            Map.entry("--dynamics", List.of("sgd", "gd")),
            Map.entry("-P", List.of("4", "1")),
            Map.entry("-M", List.of("16", "1")),
            Map.entry("--dt", List.of("0.05", "1e3", "1e308", "1e-9")),
            Map.entry("--steps", List.of("3", "0", "1")),
            Map.entry("--temperature", List.of("0", "0.01")),
            Map.entry("--seed", List.of("1", "-7", "9223372036854775807")),
            Map.entry("--target-seed", List.of("1", "2")),
            Map.entry("--sigma-c", List.of("0", "0.5")),
            Map.entry("--threads", List.of("1", "2")),
            Map.entry("--eval-every", List.of("2", "1", "9223372036854775807")),
            Map.entry("--test-size", List.of("16", "2")),
            Map.entry("--kernel", List.of("auto", "scalar", "vector")),
            Map.entry("--checkpoint-every", List.of("2", "1", "0.5s", "60s"))));
    /** Never dropped: see the class comment. */
    private static final Set<String> KEPT = Set.of("--steps", "--out", "-q");
    private static final List<String> UNKNOWN = List.of("--bogus", "-Z", "--dim=", "--unit=RELU", "-dq", "--Steps",
            "train", "-", "--", "--time", "--time=0.1", "--help", "--version", "-h");
    private static final List<String> STEPS_GARBAGE = List.of("-1", "abc", "", "1.5", "99999999999999999999", "NaN");

    @TempDir(factory = MemoryTempDir.class)
    Path dir;

    /** A temporary folder in /dev/shm (tmpfs) where it can be written, the default one otherwise. */
    static final class MemoryTempDir implements TempDirFactory {
        @Override
        public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext extension)
                throws IOException {
            Path shm = Path.of("/dev/shm");
            return Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "meanfield-fuzz")
                    : Files.createTempDirectory("meanfield-fuzz");
        }
    }

    @Test
    void mutatedCommandLinesEndCleanlyWithOneLineOrARun() throws Exception {
        Random random = new Random(SEED);
        Path complete = dir.resolve("complete");
        RunFixtures.cliOk(RunFixtures.train(complete, "-d", "3", "-n", "8", "-P", "4", "--steps", "3",
                "--test-size", "16", "--threads", "1"));
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        List<String> resumeTargets = List.of(complete.toString(), file.toString(), dir.resolve("missing").toString(),
                Files.createDirectories(dir.resolve("empty")).toString(), dir + "/nul\u0000");
        List<String> outs = List.of(complete.toString(), file.resolve("sub").toString(), "/proc/meanfield-fuzz",
                dir + "/nul\u0000", dir + "/" + GARBAGE.get(random.nextInt(GARBAGE.size())));

        Set<Path> workingDirectory = listing(Path.of("").toAbsolutePath());
        Map<Integer, Integer> exits = new TreeMap<>();
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "fuzz-case");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (int c = 0; c < CASES; c++) {
                List<String> args = mutate(random, dir.resolve("case" + c).toString(), resumeTargets, outs);
                Future<CliRun> future = executor.submit(() -> RunFixtures.cli(args));
                CliRun result;
                try {
                    result = future.get(CASE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    future.cancel(true);
                    fail("seed " + SEED + ", case " + c + " hangs: " + args);
                    return;
                }
                check(result, args, c);
                exits.merge(result.exit(), 1, Integer::sum);
            }
        } finally {
            executor.shutdownNow();
        }
        System.out.printf("option fuzz, seed %d: %d cases, exit codes %s%n", SEED, CASES, exits);
        assertEquals(workingDirectory, listing(Path.of("").toAbsolutePath()), "nothing written outside the test folder");
        assertTrue(exits.getOrDefault(0, 0) > 0 && exits.getOrDefault(Main.USAGE, 0) > 0, exits.toString());
    }

    private static Set<Path> listing(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return new java.util.TreeSet<>(files.toList());
        }
    }

    private static void check(CliRun result, List<String> args, int c) {
        String where = "seed " + SEED + ", case " + c + " " + args + " -> " + result;
        RunFixtures.assertNoStackTrace(result.err());
        RunFixtures.assertNoStackTrace(result.out());
        if (result.exit() == 0) {
            return;
        }
        assertTrue(result.exit() == Main.USAGE || result.exit() == Main.FAILURE, where);
        List<String> lines = result.errLines();
        assertTrue(!lines.isEmpty(), where);
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("meanfield: "), where);
        if (args.contains("-q")) {
            assertEquals(1, lines.size(), where);
        }
    }

    /** The base command line with one to three random mutations. */
    private static List<String> mutate(Random random, String out, List<String> resumeTargets, List<String> outs) {
        List<String[]> options = new ArrayList<>();
        for (Map.Entry<String, List<String>> option : VALID.entrySet()) {
            options.add(new String[] {option.getKey(), option.getValue().get(0)});
        }
        options.add(new String[] {"--out", out});
        options.add(new String[] {"-q"});
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            int at = random.nextInt(options.size());
            String[] option = options.get(at);
            String name = option[0];
            switch (random.nextInt(6)) {
                case 0 -> { // drop
                    if (!KEPT.contains(name)) {
                        options.remove(at);
                    }
                }
                case 1 -> options.add(random.nextInt(options.size() + 1), option.clone()); // duplicate
                case 2 -> { // another value, valid or not
                    if (name.equals("--out") && option.length == 2) {
                        option[1] = outs.get(random.nextInt(outs.size()));
                    } else if (option.length == 2) {
                        option[1] = value(random, name);
                    }
                }
                case 3 -> options.add(random.nextInt(options.size() + 1), // unknown or misplaced
                        new String[] {UNKNOWN.get(random.nextInt(UNKNOWN.size()))});
                case 4 -> options.add(random.nextInt(options.size() + 1), // resume something
                        new String[] {"--resume", resumeTargets.get(random.nextInt(resumeTargets.size()))});
                default -> { // a value without its option, or an option without its value at the end
                    if (option.length == 2 && random.nextBoolean()) {
                        options.set(at, new String[] {option[1]});
                    } else {
                        options.remove(at);
                        options.add(new String[] {name});
                    }
                }
            }
        }
        List<String> args = new ArrayList<>(List.of("train"));
        for (String[] option : options) {
            args.addAll(List.of(option));
        }
        return args;
    }

    private static String value(Random random, String name) {
        if (name.equals("--steps")) {
            List<String> pool = new ArrayList<>(VALID.get(name));
            pool.addAll(STEPS_GARBAGE);
            return pool.get(random.nextInt(pool.size()));
        }
        List<String> pool = new ArrayList<>(VALID.getOrDefault(name, List.of()));
        pool.addAll(GARBAGE);
        return pool.get(random.nextInt(pool.size()));
    }
}
