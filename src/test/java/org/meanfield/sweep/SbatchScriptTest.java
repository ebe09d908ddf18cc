package org.meanfield.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scripts a SLURM sweep submits, read back by bash (no SLURM needed). */
class SbatchScriptTest {
    @TempDir
    Path dir;

    @Test
    void wordsReachBashUnchanged() {
        List<String> words = List.of("plain", "with space", "it's", "$HOME", "a\"b", "--dt=1e-3", "", "*", "x;y");
        SlurmTools.Result echo = SlurmTools.run(List.of("bash", "-c",
                "for w in " + SbatchScript.words(words) + "; do printf '[%s]\\n' \"$w\"; done"), null);
        assertEquals(0, echo.exit(), echo.err());
        StringBuilder expected = new StringBuilder();
        words.forEach(w -> expected.append('[').append(w).append("]\n"));
        assertEquals(expected.toString(), echo.out());
    }

    @Test
    void theArrayScriptHasOneCasePerRunAndDecidesResumeAtTaskStart() {
        List<SweepPoint> points = List.of(new SweepPoint("b", "n8", java.util.Map.of("n", "8", "steps", "10")),
                new SweepPoint("b", "n16", java.util.Map.of("n", "16", "steps", "10")));
        SweepPlan plan = SweepPlan.of(dir.resolve("spec.json"), dir.resolve("sweep with space"), points, 2, 1);
        String script = SbatchScript.array(plan.runs(), 2, List.of("/opt/java", "-cp", "a b.jar", "Main"), "sbatch x");
        assertTrue(script.startsWith("#!/bin/bash\n"), script);
        assertTrue(script.contains("  0) run='" + dir.resolve("sweep with space/b/n8") + "'; resume=(--steps 10); args=("), script);
        assertTrue(script.contains("  1) run='" + dir.resolve("sweep with space/b/n16") + "'; resume=(--steps 10); args=("), script);
        assertTrue(script.contains("train --resume \"$run\" \"${resume[@]}\""), "a longer spec extends a run: " + script);
        assertTrue(script.contains("java=(/opt/java -cp 'a b.jar' Main)"), script);
        assertTrue(script.contains("if [ -e \"$run/config.json\" ]; then"), script);
        SlurmTools.Result syntax = SlurmTools.run(List.of("bash", "-n"), script);
        assertEquals(0, syntax.exit(), syntax.err());
        assertEquals("task\trun\tplanned\n0\tb/n8\trun\n1\tb/n16\trun\n", SbatchScript.tasks(plan.runs()));
    }

    @Test
    void aRunInPhasesResumesWithItsPhasesSoThatASpecMayAppendSome() {
        List<SweepPoint> points = List.of(new SweepPoint("b", "n8",
                java.util.Map.of("n", "8", "phases", "steps=4,batch=n/4;batch=(n/4)^2", "steps", "10")));
        SweepPlan plan = SweepPlan.of(dir.resolve("spec.json"), dir.resolve("sweep"), points, 1, 1);
        String script = SbatchScript.array(plan.runs(), 1, List.of("java"), "sbatch x");
        assertTrue(script.contains("; resume=(--steps 10 --phase 'steps=4,batch=n/4;batch=(n/4)^2'); args=("), script);
    }
}
