package org.meanfield.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** --checkpoint-every: steps, or seconds with an s suffix, and nothing else. */
class CheckpointIntervalTest {
    @Test
    void stepsAndSecondsParseAndPrintBack() {
        assertEquals(new CheckpointInterval(500, 0), CheckpointInterval.parse("500"));
        assertEquals(new CheckpointInterval(0, 60), CheckpointInterval.parse("60s"));
        assertEquals(new CheckpointInterval(0, 0.5), CheckpointInterval.parse("0.5s"));
        assertEquals(new CheckpointInterval(0, 0.5), CheckpointInterval.parse(".5S"));
        assertEquals("500", CheckpointInterval.parse("500").toString());
        assertEquals("60s", CheckpointInterval.DEFAULT.toString());
        assertEquals("0.5s", CheckpointInterval.parse("0.5s").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "0", "-1", "0s", "-5s", "s", "1.5", "1e3", "1e3s", "NaN", "NaNs", "Infinitys",
        "2000000000s", "0x10", "10m", "1 s", "99999999999999999999", "５"})
    void anythingElseIsRefusedNamingTheOption(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CheckpointInterval.parse(value));
        assertTrue(e.getMessage().startsWith("--checkpoint-every must be "), e.getMessage());
        assertTrue(e.getMessage().contains("60s"), "says what is accepted: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void stepIntervalsFallOnMultiplesAndTimeIntervalsOnElapsedTime() {
        CheckpointInterval steps = new CheckpointInterval(5, 0);
        assertTrue(steps.due(10, 0));
        assertFalse(steps.due(11, Long.MAX_VALUE));
        CheckpointInterval seconds = new CheckpointInterval(0, 2);
        assertFalse(seconds.due(3, 1_999_999_999L));
        assertTrue(seconds.due(3, 2_000_000_000L));
    }
}
