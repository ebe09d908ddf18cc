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
        List<String> flags = ChildJvm.moduleFlags();
        assertTrue(flags.contains("--add-modules=jdk.incubator.vector"), flags.toString());
        assertTrue(flags.contains("--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED"), "Surefire's flags: " + flags);
        int after = 1 + flags.size();
        assertEquals(flags, command.subList(1, after));
        assertEquals("-XX:+UseParallelGC", command.get(after));
        int cp = command.indexOf("-cp");
        // Surefire's class path is absolute already; a relative entry would be made absolute.
        assertEquals(System.getProperty("java.class.path"), command.get(cp + 1));
        assertEquals(List.of(ChildJvm.MAIN, "train", "--quiet"), command.subList(cp + 2, command.size()));
        assertEquals(ChildJvm.heapOptions(), command.subList(after + 1, cp));
    }
}
