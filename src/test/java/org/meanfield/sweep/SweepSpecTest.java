package org.meanfield.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanfield.config.Params;

/** Reading spec files, their errors, and the points and folder names they give. */
class SweepSpecTest {
    @TempDir
    Path dir;

    private static final String SPEC = """
            {"description": "free text", "threads": 1, "jobs": 2, "report": {"min_n": 64},
             "blocks": [
               {"name": "sgd-relu",
                "base": {"unit": "relu", "dynamics": "sgd", "dt": 0.05, "batch": 64, "time": 3000, "n": 7},
                "grid": {"d": [5, 25], "n": [16, 512], "seed": [1, 2]},
                "quick": {"base": {"time": 1000}, "grid": {"n": [16, 64, 256], "temperature": [1e-4]}}},
               {"name": "gd", "fit": {"min_n": 128}, "base": {"dynamics": "gd"}, "grid": {"dt": [0.05, 0.10, 1.0]}}
             ]}
            """;

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("spec.json"), text);
    }

    @Test
    void readsTheSpec() throws IOException {
        SweepSpec spec = SweepSpec.read(write(SPEC));
        assertEquals(1, spec.threads());
        assertEquals(2, spec.jobs());
        assertEquals(64, spec.minN());
        assertEquals(List.of("sgd-relu", "gd"), spec.blocks().stream().map(SweepSpec.Block::name).toList());
    }

    @Test
    void aBlocksFitRangeOverridesTheReportsMinNForThatBlockOnly() throws IOException {
        SweepSpec spec = SweepSpec.read(write(SPEC));
        assertEquals(128, spec.minN("gd"));
        assertEquals(128, spec.blockMinN("gd"));
        assertEquals(64, spec.minN("sgd-relu"), "no fit entry: report.min_n");
        assertEquals(null, spec.blockMinN("sgd-relu"));
        assertEquals(64, spec.minN("not-a-block"));
        // The range stays with the block in its quick variant.
        assertEquals(128, spec.blocks().get(1).as(true).fit().minN());
        assertEquals(128, spec.blocks().get(1).as(false).fit().minN());
    }

    @Test
    void pointsAreTheGridProductInWrittenOrderAndGridWinsOverBase() throws IOException {
        List<SweepPoint> points = SweepPoint.of(SweepSpec.read(write(SPEC)), false);
        assertEquals(8 + 3, points.size());
        assertEquals(List.of("d5-n16-seed1", "d5-n16-seed2", "d5-n512-seed1", "d5-n512-seed2", "d25-n16-seed1"),
                points.stream().limit(5).map(SweepPoint::name).toList());
        SweepPoint first = points.get(0);
        assertEquals("sgd-relu/d5-n16-seed1", first.run());
        assertEquals(List.of("--unit=relu", "--dynamics=sgd", "--dt=0.05", "--batch=64", "--time=3000", "--dim=5",
                "--particles=16", "--seed=1"), first.trainArgs(Params.RUN));
        // Numbers as written: 0.05 stays 0.05, 0.10 is 0.1, 1.0 is 1.
        assertEquals(List.of("gd/dt0.05", "gd/dt0.1", "gd/dt1"), points.subList(8, 11).stream().map(SweepPoint::run)
                .toList());
    }

    @Test
    void quickEntriesReplaceTheBlocksKeyByKey() throws IOException {
        List<SweepPoint> points = SweepPoint.of(SweepSpec.read(write(SPEC)), true);
        assertEquals(2 * 3 * 2 + 3, points.size());
        // n keeps its place among the grid keys; the new key goes last; 1e-4 is written plainly.
        assertEquals("d5-n64-seed1-temperature0.0001", points.get(2).name());
        assertEquals("1000", points.get(0).options().get("time"));
    }

    static Stream<Arguments> badSpecs() {
        String block = "{\"name\": \"b\", \"grid\": {\"n\": [8]}}";
        return Stream.of(
                Arguments.of("{\"blocks\": [" + block + "], \"colour\": 1}", "unknown key 'colour' in the top level"),
                Arguments.of("{\"blocks\": [{\"name\": \"b\", \"grid\": {\"n\": [8]}, \"bse\": {}}]}",
                        "unknown key 'bse' in blocks[0]"),
                Arguments.of("{\"blocks\": [{\"name\": \"b\", \"grid\": {\"n\": [8]}, \"quick\": {\"grd\": {}}}]}",
                        "unknown key 'grd' in blocks[0].quick"),
                Arguments.of("{\"report\": {\"minn\": 3}, \"blocks\": [" + block + "]}",
                        "unknown key 'minn' in report"),
                Arguments.of("{\"blocks\": [{\"name\": \"b\", \"grid\": {\"n\": [8]}, \"fit\": {\"max_n\": 8}}]}",
                        "unknown key 'max_n' in blocks[0].fit"),
                Arguments.of("{\"blocks\": [{\"name\": \"b\", \"grid\": {\"n\": [8]}, \"fit\": {\"min_n\": -1}}]}",
                        "block 'b': fit.min_n must be >= 0, got -1"),
                Arguments.of("{\"blocks\": [{\"name\": \"b\", \"grid\": {\"n\": [8]}, \"fit\": {\"min_n\": 6.5}}]}",
                        "blocks[0].fit.min_n must be an integer"),
                Arguments.of("{\"blocks\": [{\"name\": \"b\", \"base\": {\"particles\": 8}, \"grid\": {\"n\": [8]}}]}",
                        "block 'b': base: unknown key 'particles'"),
                Arguments.of("{\"blocks\": [{\"name\": \"b\", \"grid\": {\"nn\": [8]}}]}",
                        "block 'b': grid: unknown key 'nn'"),
                Arguments.of("{\"blocks\": [{\"name\": \"b\", \"grid\": {\"n\": []}}]}", "grid.n is empty"),
                Arguments.of("{\"blocks\": [{\"name\": \"b\", \"grid\": {}}]}", "block 'b': has no grid"),
                Arguments.of("{\"blocks\": [{\"name\": \"b\"}]}", "block 'b': has no grid"),
                Arguments.of("{\"blocks\": [{\"name\": \"b\", \"grid\": {\"n\": 8}}]}", "grid.n must be a list"),
                Arguments.of("{\"blocks\": [{\"name\": \"b\", \"grid\": {\"n\": [8, 8]}}]}", "grid.n lists 8 twice"),
                Arguments.of("{\"blocks\": [{\"name\": \"b\", \"grid\": {\"unit\": [\"a/b\"]}}]}",
                        "cannot be part of a folder name"),
                Arguments.of("{\"blocks\": [{\"name\": \"b\", \"grid\": {\"n\": [true]}}]}",
                        "grid.n must hold numbers or strings"),
                Arguments.of("{\"blocks\": [{\"name\": \"b\", \"base\": {\"dt\": [1]}, \"grid\": {\"n\": [8]}}]}",
                        "base.dt must be a number or a string"),
                Arguments.of("{\"blocks\": [{\"name\": \"b\", \"base\": {\"dt\": null}, \"grid\": {\"n\": [8]}}]}",
                        "base.dt must be a number or a string"),
                Arguments.of("{\"blocks\": [" + block + ", " + block + "]}", "two blocks have this name"),
                Arguments.of("{\"blocks\": [{\"name\": \"../x\", \"grid\": {\"n\": [8]}}]}", "a block name is a folder"),
                Arguments.of("{\"blocks\": [{\"name\": \"quick\", \"grid\": {\"n\": [8]}}]}", "a block name is a folder"),
                Arguments.of("{\"blocks\": [{\"grid\": {\"n\": [8]}}]}", "blocks[0] has no name"),
                Arguments.of("{\"blocks\": []}", "has no blocks"),
                Arguments.of("{}", "has no blocks"),
                Arguments.of("{\"threads\": 0, \"blocks\": [" + block + "]}", "threads must be in [1, 4096]"),
                Arguments.of("{\"threads\": 1.5, \"blocks\": [" + block + "]}", "threads must be an integer"),
                Arguments.of("{\"jobs\": \"many\", \"blocks\": [" + block + "]}", "jobs must be an integer"),
                Arguments.of("{\"jobs\": 0, \"blocks\": [" + block + "]}", "jobs must be >= 1"),
                Arguments.of("{\"blocks\": [" + block + "], \"blocks\": []}", "Duplicate field 'blocks'"),
                Arguments.of("{\"blocks\": [" + block + "]", "is not valid JSON"),
                Arguments.of("", "the top level must be an object"),
                Arguments.of("{\"blocks\": {}}", "blocks must be a list"),
                Arguments.of("{\"blocks\": [{\"name\": \"b\", \"base\": {\"phases\": 3}, \"grid\": {\"n\": [8]}}]}",
                        "base.phases must be a list of phases"),
                Arguments.of("{\"blocks\": [{\"name\": \"b\", \"base\": {\"phases\": [{\"batch\": \"(n\"}]}, "
                        + "\"grid\": {\"n\": [8]}}]}", "base.phases: #1: batch must be an integer or an expression in n"),
                Arguments.of("{\"blocks\": [{\"name\": \"b\", \"base\": {\"phases\": [{\"seed\": 2}]}, "
                        + "\"grid\": {\"n\": [8]}}]}", "base.phases: #1: unknown key 'seed' (a phase may set batch, sample, dt, "
                        + "temperature, steps, time)"),
                Arguments.of("{\"blocks\": [{\"name\": \"b\", \"grid\": {\"phases\": [[{\"steps\": 1}]]}}]}",
                        "grid.phases must hold numbers or strings"),
                Arguments.of("{\"blocks\": [{\"name\": \"b\", \"grid\": {\"batch\": [\"n/5\"]}}]}",
                        "grid.batch value 'n/5' cannot be part of a folder name"));
    }

    @ParameterizedTest
    @MethodSource("badSpecs")
    void aBadSpecIsOneLineNamingTheFileAndTheKey(String text, String expected) throws IOException {
        Path file = write(text);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweepSpec.read(file));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void oneSpecOfPhasesAndExpressionsCoversEveryN() throws IOException {
        SweepSpec spec = SweepSpec.read(write("""
                {"blocks": [{"name": "quench", "base": {"d": 10, "unit": "sigmoid", "sample": "n",
                  "phases": [{"steps": 2000, "batch": "n/5"}, {"steps": 200, "batch": "(n/5)^2"}]},
                  "grid": {"n": [32, 512]}}]}
                """));
        List<SweepPoint> points = SweepPoint.of(spec, false);
        assertEquals("steps=2000,batch=n/5;batch=(n/5)^2,steps=200", points.get(0).options().get("phases"));
        assertTrue(points.get(0).trainArgs(Params.RUN).contains("--phase=steps=2000,batch=n/5;batch=(n/5)^2,steps=200"));
        var small = points.get(0).config(Params.RUN, 1);
        var large = points.get(1).config(Params.RUN, 1);
        assertEquals(2200, large.steps());
        assertEquals(List.of(6, 40), small.schedule().phases().stream().map(p -> p.config().batch()).toList());
        assertEquals(List.of(102, 10485), large.schedule().phases().stream().map(p -> p.config().batch()).toList());
        assertEquals(512, large.sample());
    }

    @Test
    void aMissingSpecIsOneLine() {
        Path file = dir.resolve("none.json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweepSpec.read(file));
        assertEquals("sweep spec " + file + " does not exist", e.getMessage());
    }
}
