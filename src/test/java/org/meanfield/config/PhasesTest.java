package org.meanfield.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.meanfield.folder.Json;

/** A run's phases: text and JSON, the schedule they resolve to, their checks, and extension. */
class PhasesTest {
    private static final String QUENCH = "steps=2000,batch=n/5;steps=200,batch=(n/5)^2";

    private static RunConfig config(String phases, String... more) {
        ParamTable.Given given = Params.RUN.given().setText("n", "512").setText("d", "10").setText("threads", "1")
                .setText("phases", phases);
        for (int k = 0; k < more.length; k += 2) {
            given.setText(more[k], more[k + 1]);
        }
        return given.resolve();
    }

    @Test
    void theQuenchResolvesToTwoPhasesWhoseLengthsMakeTheRun() {
        RunConfig config = config(QUENCH);
        assertEquals(List.of(), config.problems());
        assertEquals(2200, config.steps(), "the phases' lengths");
        List<Schedule.Phase> phases = config.schedule().phases();
        assertEquals(2, phases.size());
        assertEquals(0, phases.get(0).start());
        assertEquals(2000, phases.get(0).steps());
        assertEquals(102, phases.get(0).config().batch());
        assertEquals(2000, phases.get(1).start());
        assertEquals(200, phases.get(1).steps());
        assertEquals(10485, phases.get(1).config().batch());
        assertEquals(64, config.batch(), "the run's own batch is the default of phases that do not give one");
        // The last phase's length lives in the run's steps; the phases keep the rest.
        assertEquals("steps=2000,batch=n/5;batch=(n/5)^2", config.text(Params.PHASES));
        assertEquals("steps=2000,batch=n/5;batch=(n/5)^2,steps=200", config.get(Params.PHASES).givenText());
        assertEquals(0, config.schedule().phaseAfter(0));
        assertEquals(0, config.schedule().phaseAfter(2000));
        assertEquals(1, config.schedule().phaseAfter(2001));
        assertEquals(1, config.schedule().at(2000).index());
        assertEquals(1, config.schedule().at(2200).index(), "the run's end belongs to the last phase");
    }

    @Test
    void timeGoesOnAcrossPhasesOfDifferentDt() {
        RunConfig config = config("time=1,dt=0.1;steps=10,dt=0.05,temperature=0.001");
        assertEquals(List.of(), config.problems());
        assertEquals(20, config.steps(), "10 steps of 0.1, then 10 of 0.05");
        assertEquals(1.5, config.time(), 1e-12);
        assertEquals(0.5, config.schedule().timeAt(5), 1e-15);
        assertEquals(1.0 + 3 * 0.05, config.schedule().timeAt(13), 1e-15);
        assertEquals(0.0, config.schedule().phases().get(0).config().temperature());
        assertEquals(0.001, config.schedule().phases().get(1).config().temperature());
        // --time says where the last phase ends.
        assertEquals(30, config("time=1,dt=0.1;dt=0.05", "time", "2").steps());
    }

    @Test
    void aRunOfOneDtKeepsTEqualToStepTimesDt() {
        RunConfig config = config("", "dt", "0.001", "noise_stop", "0.3", "steps", "1000", "temperature", "0.01");
        List<Schedule.Phase> phases = config.schedule().phases();
        assertEquals(2, phases.size(), "a noise stop is two phases");
        assertEquals(300, phases.get(1).start());
        assertEquals(0.0, phases.get(1).config().temperature());
        for (long step = 0; step <= 1000; step += 37) {
            assertEquals(step * 0.001, config.schedule().timeAt(step), "bit for bit, as before phases");
        }
    }

    @Test
    void extendingLengthensTheLastPhase() {
        RunConfig config = config(QUENCH);
        RunConfig longer = config.withSteps(2500);
        assertEquals(List.of(), longer.problems());
        assertEquals(500, longer.schedule().phases().get(1).steps());
        assertEquals(config.get(Params.PHASES), longer.get(Params.PHASES));
        assertNull(config.firstDifferenceBesidesLength(longer, "here", "there"));
        RunConfig changed = config("steps=1999,batch=n/5;steps=201,batch=(n/5)^2");
        assertEquals("phases is steps=2000,batch=n/5;batch=(n/5)^2 here, steps=1999,batch=n/5;batch=(n/5)^2 there",
                config.firstDifferenceBesidesLength(changed, "here", "there"));
        assertNotEquals(RunFingerprint.of(config, "scalar"), RunFingerprint.of(changed, "scalar"));
        assertEquals(RunFingerprint.of(config, "scalar"), RunFingerprint.of(longer, "scalar"));
    }

    @Test
    void phasesAppendedToARunsOwnComeAfterItsLastGivenALength() {
        Phases done = config(QUENCH).get(Params.PHASES);
        Phases more = Phases.parse("steps=2000,batch=n/5;steps=200,batch=(n/5)^2;batch=(n/5)^2/2,dt=0.0025");
        assertTrue(more.appendsTo(done));
        assertEquals(done, more.upTo(2));
        assertFalse(done.appendsTo(done), "the same phases append nothing");
        assertFalse(Phases.parse("steps=1999,batch=n/5;steps=200,batch=(n/5)^2;dt=0.001").appendsTo(done));
        assertFalse(Phases.parse("steps=2000,batch=n/5;steps=200,batch=(n/5)^2,dt=0.005;dt=0.001").appendsTo(done),
                "the last phase's values changed");
        assertFalse(done.appendsTo(more));
        assertTrue(Phases.parse("steps=50;dt=0.001").appendsTo(Phases.NONE), "a run without phases is one");
        RunConfig config = config(more.givenText(), "steps", "2600", "eval_every", "100");
        RunConfig before = config.asBefore(done);
        assertEquals(done, before.get(Params.PHASES));
        RunConfig quench = config(QUENCH, "eval_every", "100");
        assertNull(quench.firstDifferenceBesidesLength(before, "here", "there"));
        assertEquals(RunFingerprint.of(quench, "scalar"), RunFingerprint.of(before, "scalar"));
        assertEquals(config, config.asBefore(Phases.parse("steps=2000,batch=n/4;batch=(n/5)^2")));
    }

    @Test
    void configJsonRoundTrips() throws Exception {
        RunConfig config = config("time=1,dt=0.1,batch=ceil(4*n^0.5);sample=n,temperature=0.5", "steps", "50");
        JsonNode json = Params.RUN.toJson(config);
        assertEquals("[{\"time\":1.0,\"dt\":0.1,\"batch\":\"ceil(4*n^0.5)\"},{\"sample\":\"n\",\"temperature\":0.5}]",
                json.get("phases").toString());
        RunConfig back = Params.RUN.fromJson(Json.MAPPER.readTree(json.toString()));
        assertEquals(config, back);
        assertEquals(config.schedule().phases().get(0).config().batch(), back.schedule().phases().get(0).config().batch());
        assertEquals(config.steps(), back.steps());
    }

    @Test
    void aRunWithoutPhasesHasTheFingerprintItHadBefore() {
        RunConfig config = config("");
        assertTrue(!Params.RUN.trajectory(config).containsKey("phases"), "old checkpoints carry no phases");
        assertEquals(1, config.schedule().phases().size());
        assertEquals(config, config("steps=60000"), "one phase of the run's values is no phases");
    }

    @Test
    void badPhasesAreRefusedInOneLineNamingThePhase() {
        assertProblem("--phase #1 needs steps= or time=: every phase but the last has its own length",
                config("batch=4;batch=8", "steps", "100"));
        assertProblem("--phase needs a length for the last phase (steps= or time=), or give --steps or --time",
                config("steps=5;batch=8"));
        assertProblem("--phase takes 500 steps before the last phase, more than the run's 100 (--steps/--time)",
                config("steps=500;batch=8", "steps", "100"));
        assertProblem("--phase #2: steps=50 ends the run at step 60, but --steps/--time says 100: give one of them",
                config("steps=10;steps=50", "steps", "100"));
        assertProblem("--phase #2: batch must be in [1, 4194304], got 26214400 ((n/5)^2 at n = 25600)",
                config("steps=10;steps=5,batch=(n/5)^2", "n", "25600", "d", "5"));
        assertProblem("--phase #1: dt must be a finite number > 0, got -0.1", config("steps=10,dt=-0.1;steps=5"));
        assertProblem("--noise-stop cannot be given with --phase: give the phases their temperature= instead",
                config("steps=10;steps=5", "noise_stop", "0.1"));
        for (String bad : new String[] {"steps=1,steps=2", "step=10", "batch", "steps=10,time=1;steps=1",
            "batch=(n/5;steps=1", ";steps=1", "steps=-1.5", "time=-5", "steps=2;time=NaN", "steps=-1;steps=1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Params.RUN.given().setText("phases", bad).resolve().problems().forEach(p -> {
                        throw new IllegalArgumentException(p);
                    }), bad);
            assertTrue(e.getMessage().startsWith("--phase #"), e.getMessage());
        }
    }

    private static void assertProblem(String expected, RunConfig config) {
        assertEquals(expected, config.problems().isEmpty() ? null : config.problems().get(0));
    }
}
