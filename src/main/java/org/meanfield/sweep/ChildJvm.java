package org.meanfield.sweep;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a {@code train} run in a JVM of its own, like this one: the same java
 * binary, class path, heap options and module flags (the Vector API's module, the JDK internals
 * Agrona uses), so a child runs wherever its parent runs. One JVM per run because
 * what C2 compiles for the Vector API in one run (one unit, one shape) can slow down the next.
 */
public final class ChildJvm {
    /** The class whose main the child runs. */
    static final String MAIN = "org.meanfield.cli.Main";

    private ChildJvm() {
    }

    /** {@code java <flags> -cp <class path> org.meanfield.cli.Main <args>}. */
    static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(moduleFlags());
        command.add("-XX:+UseParallelGC");
        command.addAll(heapOptions());
        command.add("-cp");
        // Under Surefire this is a manifest-only booter jar; its Class-Path entries are followed by the
        // child's class loader too, so the same string works.
        command.add(absoluteClassPath());
        command.add(MAIN);
        command.addAll(args);
        return command;
    }

    /** This JVM's class path with every entry absolute, so that a child started elsewhere finds it too. */
    static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator, -1)) {
            entries.add(entry.isEmpty() ? entry : Path.of(entry).toAbsolutePath().toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * The module flags this JVM was started with ({@code --add-modules}, {@code --add-opens},
     * {@code --add-exports}, each with its value); where it had none (started with {@code java -jar},
     * whose manifest opens the packages), the incubator module the vector engine needs.
     */
    public static List<String> moduleFlags() {
        List<String> flags = new ArrayList<>();
        List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String argument : arguments) {
            // The JVM reports "--add-modules jdk.incubator.vector" as one argument, "--add-modules=...".
            if (argument.startsWith("--add-modules=") || argument.startsWith("--add-opens=")
                    || argument.startsWith("--add-exports=")) {
                flags.add(argument);
            }
        }
        if (flags.stream().noneMatch(flag -> flag.startsWith("--add-modules="))) {
            flags.add("--add-modules=jdk.incubator.vector");
        }
        return flags;
    }

    /** This JVM's heap size options (-Xmx, -Xms, -XX:MaxRAMPercentage, ...), which a run's size may need. */
    static List<String> heapOptions() {
        List<String> heap = new ArrayList<>();
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("-Xmx") || argument.startsWith("-Xms") || argument.startsWith("-XX:MaxHeapSize=")
                    || argument.startsWith("-XX:InitialHeapSize=") || argument.startsWith("-XX:MaxRAMPercentage=")
                    || argument.startsWith("-XX:InitialRAMPercentage=")) {
                heap.add(argument);
            }
        }
        return heap;
    }
}
