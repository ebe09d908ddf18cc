package org.meanfield.observe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/** The single-producer, single-consumer ring: order, full and empty, wrap-around, two threads. */
class RecordRingTest {
    @Test
    void recordsComeOutInOrderAndTheRingWraps() {
        RecordRing ring = new RecordRing(3, 2);
        long[] in = new long[2];
        long[] out = new long[2];
        assertFalse(ring.poll(out));
        for (long round = 0; round < 5; round++) {
            for (long k = 0; k < 3; k++) {
                in[0] = round;
                in[1] = k;
                assertTrue(ring.offer(in));
            }
            assertFalse(ring.offer(in), "a full ring refuses");
            for (long k = 0; k < 3; k++) {
                assertTrue(ring.poll(out));
                assertArrayEquals(new long[] {round, k}, out);
            }
            assertTrue(ring.isEmpty());
        }
    }

    @Test
    void rejectsEmptyShapes() {
        assertThrows(IllegalArgumentException.class, () -> new RecordRing(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new RecordRing(1, 0));
    }

    @Test
    void aProducerAndAConsumerThreadPassEveryRecordIntact() throws InterruptedException {
        int records = 50_000;
        RecordRing ring = new RecordRing(16, 3);
        AtomicReference<String> problem = new AtomicReference<>();
        Thread consumer = new Thread(() -> {
            long[] out = new long[3];
            for (long expected = 0; expected < records; ) {
                if (ring.poll(out)) {
                    if (out[0] != expected || out[1] != ~expected || out[2] != expected * 7) {
                        problem.compareAndSet(null, "record " + expected + " read as " + out[0] + "," + out[1]);
                    }
                    expected++;
                } else {
                    Thread.yield();
                }
            }
        });
        consumer.start();
        long[] in = new long[3];
        for (long k = 0; k < records; k++) {
            in[0] = k;
            in[1] = ~k;
            in[2] = k * 7;
            while (!ring.offer(in)) {
                Thread.yield();
            }
        }
        consumer.join(30_000);
        assertFalse(consumer.isAlive(), "consumer did not finish");
        assertEquals(null, problem.get());
        assertTrue(ring.isEmpty());
    }
}
