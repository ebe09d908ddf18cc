package org.meanfield.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.meanfield.dynamics.DynamicsKind;
import org.meanfield.model.UnitKind;

/** The run parameters' table: defaults, validation in one line per option, JSON, comparison. */
class RunConfigTest {
    private static RunConfig config(int d, int n, double dt, long steps, int testSize) {
        return RunConfig.builder().set(Params.DIM, d).set(Params.PARTICLES, n).set(Params.DT, dt)
                .set(Params.STEPS, steps).set(Params.TEST_SIZE, testSize).set(Params.THREADS, 2).resolve();
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        RunConfig defaults = Params.RUN.defaults();
        assertEquals(25, defaults.d());
        assertEquals(512, defaults.n());
        assertEquals(UnitKind.RELU, defaults.unit());
        assertEquals(1.0 / 25, defaults.alpha());
        assertEquals(60_000, defaults.steps(), "t = 3000 at dt = 0.05");
        assertEquals(300, defaults.evalEvery(), "steps/200");
        RunConfig exact = RunConfig.builder().set(Params.DYNAMICS, DynamicsKind.EXACT).resolve();
        assertEquals(UnitKind.GAUSSIAN, exact.unit(), "exact dynamics default to gaussian units");
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
        assertProblem(config(25, 256, 0.05, 10, 100).with(Params.UNIT, UnitKind.RELU)
                .with(Params.DYNAMICS, DynamicsKind.EXACT), "--unit");
        RunConfig bad = config(3, 4, 0.1, 1, 100).with(Params.TEMPERATURE, -1.0).with(Params.SIGMA_C, -0.5)
                .with(Params.THREADS, 0).with(Params.EVAL_EVERY, 0L);
        List<String> problems = bad.problems();
        for (String option : List.of("--temperature", "--sigma-c", "--threads", "--eval-every")) {
            assertTrue(problems.stream().anyMatch(p -> p.startsWith(option + " ")), option + " in " + problems);
        }
        assertEquals(4, problems.size(), problems.toString());
    }

    private static void assertProblem(RunConfig config, String option) {
        List<String> problems = config.problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(option + " "), problems.get(0));
        assertFalse(problems.get(0).contains("\n"));
    }

    @Test
    void textIsReadByTheParametersTypesWithMessagesInLowerCase() {
        RunConfig config = Params.RUN.given().setText("unit", "SIGMOID").setText("d", "7").setText("time", "10")
                .setText("dt", "0.5").resolve();
        assertEquals(UnitKind.SIGMOID, config.unit());
        assertEquals(20, config.steps(), "--time converted with the given dt");
        IllegalArgumentException unit = assertThrows(IllegalArgumentException.class,
                () -> Params.RUN.given().setText("unit", "tanh"));
        assertEquals("--unit must be one of relu, sigmoid, gaussian, got 'tanh'", unit.getMessage());
        IllegalArgumentException dim = assertThrows(IllegalArgumentException.class,
                () -> Params.RUN.given().setText("d", "2.5"));
        assertEquals("--dim must be an integer, got '2.5'", dim.getMessage());
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> Params.RUN.given().setText("steps", "10").setText("time", "1").resolve());
        assertEquals("--steps and --time cannot both be given", both.getMessage());
    }

    @Test
    void timeIsStepsTimesDt() {
        assertEquals(500.0, config(3, 4, 0.05, 10_000, 10).time(), 1e-9);
    }

    @Test
    void jsonRoundTripsWithLowerCaseEnumsAndSnakeCase() {
        RunConfig config = config(7, 33, 0.125, 99, 10).with(Params.TARGET_SEED, -4L);
        ObjectNode json = Params.RUN.toJson(config);
        assertEquals("relu", json.get("unit").asText());
        assertEquals(-4, json.get("target_seed").asLong());
        assertEquals("auto", json.get("kernel").asText());
        assertEquals(config, Params.RUN.fromJson(json));
    }

    @Test
    void aFieldMissingFromAnOlderFileTakesItsDefault() {
        ObjectNode json = Params.RUN.toJson(config(7, 33, 0.125, 99, 10));
        json.remove("sigma_c");
        assertEquals(0.0, Params.RUN.fromJson(json).sigmaC());
        json.put("dt", "fast");
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> Params.RUN.fromJson(json));
        assertEquals("dt must be a number, got \"fast\"", wrong.getMessage());
    }

    @Test
    void firstDifferenceIgnoresThreadsOnly() {
        RunConfig a = config(7, 33, 0.125, 99, 10);
        assertNull(a.firstDifference(a.withThreads(5), "here", "there"));
        assertEquals("dt is 0.125 here, 0.25 there", a.firstDifference(a.with(Params.DT, 0.25), "here", "there"));
        assertEquals("steps is 99 here, 100 there", a.firstDifference(a.withSteps(100), "here", "there"));
    }

    @Test
    void theTrajectoryLeavesOutLengthThreadsAndTheEngineChoice() {
        List<String> keys = List.copyOf(Params.RUN.trajectory(Params.RUN.defaults()).keySet());
        assertEquals(List.of("d", "n", "dynamics", "unit", "alpha", "batch", "sample", "dt", "temperature", "noise_stop",
                "seed", "target_seed", "sigma_c", "eval_every", "test_size"), keys);
    }
}
