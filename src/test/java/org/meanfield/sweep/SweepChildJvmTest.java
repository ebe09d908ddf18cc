package org.meanfield.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The child JVM's command line: this JVM's java, class path and flags, then Main and the arguments. */
class SweepChildJvmTest {
    @Test
    void commandRunsMainLikeThisJvm() {
        List<String> command = ChildJvm.command(List.of("train", "--quiet"));
        assertTrue(Files.isExecutable(Path.of(command.get(0))), command.get(0));
        assertEquals(List.of("--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"), command.subList(1, 4));
        int cp = command.indexOf("-cp");
        assertEquals(System.getProperty("java.class.path"), command.get(cp + 1));
        assertEquals(List.of(ChildJvm.MAIN, "train", "--quiet"), command.subList(cp + 2, command.size()));
        assertEquals(ChildJvm.heapOptions(), command.subList(4, cp));
    }
}
