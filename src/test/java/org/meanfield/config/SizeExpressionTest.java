package org.meanfield.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Batch and sample sizes as expressions in n: values, flooring, at least 1, and refusals. */
class SizeExpressionTest {
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "64; 512; 64", "n/5; 512; 102", "n/5; 25; 5", "(n/5)^2; 512; 10485", "(n/5)^2; 32; 40",
        "4*n^0.5; 64; 32", "4*n^0.5; 50; 28", "ceil(4*n^0.5); 50; 29", "floor(n/3); 10; 3", "n - 10; 5; 1",
        "n/1000; 512; 1", "2^3^2; 1; 512", "-n+2*n; 7; 7", "1.5*n; 3; 4", "n*(n+1)/2; 10; 55", " n / 5 ; 100; 20"})
    void valuesAreFlooredAndAtLeastOne(String expression, int n, int value) {
        assertEquals(value, SizeExpression.parse(expression).value(n));
    }

    @Test
    void aPlainIntegerIsItsOwnValueSoThatZeroIsStillRefused() {
        assertEquals(0, SizeExpression.parse("0").value(100));
        assertEquals(-5, SizeExpression.parse("-5").value(100));
        assertEquals(1, SizeExpression.parse("0*n").value(100), "an expression is at least 1");
        RunConfig zero = RunConfig.builder().set(Params.BATCH, 0).resolve();
        assertEquals("--batch must be in [1, 4194304], got 0", zero.problems().get(0));
    }

    @Test
    void thePlainIntegerIsItsOwnCanonicalTextAndJsonNumber() {
        SizeExpression plain = SizeExpression.parse(" 064 ");
        assertTrue(plain.plain());
        assertEquals("64", plain.text());
        assertEquals(JsonNodeFactory.instance.numberNode(64), ParamType.SIZE.toJson(plain));
        SizeExpression expression = SizeExpression.parse("(n / 5)^2");
        assertFalse(expression.plain());
        assertEquals("(n/5)^2", expression.text(), "blanks dropped");
        assertEquals(JsonNodeFactory.instance.textNode("(n/5)^2"), ParamType.SIZE.toJson(expression));
        assertEquals(expression, ParamType.SIZE.fromJson(ParamType.SIZE.toJson(expression)));
        assertEquals(plain, ParamType.SIZE.fromJson(JsonNodeFactory.instance.numberNode(64)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "n/", "(n/5", "n/5)", "m/5", "n5", "5n", "n**2", "ceil n", "1e3", "1..2", "sqrt(n)",
        "n,5", "n;5"})
    void badExpressionsAreRefusedWithTheirText(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ParamType.SIZE.parse(text));
        assertTrue(e.getMessage().startsWith("must be an integer or an expression in n"), e.getMessage());
        assertTrue(e.getMessage().contains("got '" + text + "'"), e.getMessage());
    }

    @Test
    void aHostileLengthIsRefusedBeforeItIsParsed() {
        String deep = "(".repeat(100_000) + "n" + ")".repeat(100_000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ParamType.SIZE.parse(deep));
        assertTrue(e.getMessage().endsWith("(it is longer than 200 characters)"), e.getMessage().substring(0, 80));
    }

    @Test
    void theRangeIsCheckedOnTheValueForTheRunsN() {
        RunConfig config = RunConfig.builder().set(Params.PARTICLES, 25600).set(Params.DIM, 5)
                .set(Params.BATCH, SizeExpression.parse("(n/5)^2")).resolve();
        assertEquals("--batch must be in [1, 4194304], got 26214400 ((n/5)^2 at n = 25600)", config.problems().get(0));
        RunConfig fine = config.with(Params.PARTICLES, 512);
        assertEquals(10485, fine.batch());
        assertTrue(fine.problems().isEmpty(), fine.problems().toString());
    }

    @Test
    void configJsonKeepsTheExpressionAndItsValue() {
        RunConfig config = RunConfig.builder().set(Params.PARTICLES, 512).set(Params.BATCH, SizeExpression.parse("n/5"))
                .set(Params.THREADS, 1).resolve();
        var json = Params.RUN.toJson(config);
        assertEquals("n/5", json.get("batch").textValue());
        assertEquals(102, json.get("batch_value").intValue());
        assertEquals(4096, json.get("sample").intValue(), "a plain size is a number, as before");
        assertFalse(json.has("sample_value"));
        assertEquals(config, Params.RUN.fromJson(json));
    }
}
