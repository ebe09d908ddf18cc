package org.meanfield.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.meanfield.dynamics.DynamicsKind;
import org.meanfield.engine.KernelChoice;
import org.meanfield.model.UnitKind;

/** Validation of a run's parameters: one "--option: what" line per violated constraint. */
class RunConfigTest {
    private static RunConfig config(int d, int n, double dt, long steps, int testSize) {
        return new RunConfig(d, n, UnitKind.RELU, 0.1, DynamicsKind.SGD, 64, 4096, dt, steps, 0, 1, 1, 0, 2, 10,
                testSize, KernelChoice.AUTO);
    }

    @Test
    void validConfigHasNoProblems() {
        assertEquals(List.of(), config(25, 256, 0.05, 10_000, 4096).problems());
        assertEquals(List.of(), config(1, 1, 1e-9, 0, 2).problems());
    }

    @Test
    void eachViolationNamesItsOption() {
        assertProblem(config(0, 256, 0.05, 10, 100), "--dim");
        assertProblem(config(25, -5, 0.05, 10, 100), "--particles");
        assertProblem(config(25, 256, 0, 10, 100), "--dt");
        assertProblem(config(25, 256, Double.NaN, 10, 100), "--dt");
        assertProblem(config(25, 256, Double.POSITIVE_INFINITY, 10, 100), "--dt");
        assertProblem(config(25, 256, 0.05, -1, 100), "--steps");
        assertProblem(config(25, 256, 0.05, 10, 1), "--test-size");
        RunConfig nulls = new RunConfig(3, 4, null, 0.1, null, 64, 64, 0.1, 1, -1, 1, 1, -0.5, 0, 0, 100, null);
        List<String> problems = nulls.problems();
        for (String option : List.of("--unit", "--dynamics", "--temperature", "--sigma-c", "--threads", "--eval-every",
                "--kernel")) {
            assertTrue(problems.stream().anyMatch(p -> p.startsWith(option + " ")), option + " in " + problems);
        }
        assertEquals(7, problems.size(), problems.toString());
    }

    private static void assertProblem(RunConfig config, String option) {
        List<String> problems = config.problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(option + " "), problems.get(0));
        assertTrue(!problems.get(0).contains("\n"));
    }

    @Test
    void timeIsStepsTimesDt() {
        assertEquals(500.0, config(3, 4, 0.05, 10_000, 10).time(), 1e-9);
    }

    @Test
    void jsonRoundTripsWithLowerCaseEnumsAndSnakeCase() throws Exception {
        RunConfig config = config(7, 33, 0.125, 99, 10);
        String json = Json.MAPPER.writeValueAsString(config);
        assertTrue(json.contains("\"unit\" : \"relu\""), json);
        assertTrue(json.contains("\"target_seed\""), json);
        assertTrue(json.contains("\"kernel\" : \"auto\""), json);
        assertEquals(config, Json.MAPPER.readValue(json, RunConfig.class));
    }
}
