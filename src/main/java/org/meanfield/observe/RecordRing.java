package org.meanfield.observe;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A single-producer, single-consumer ring of fixed-width records of 64-bit slots (longs; doubles as
 * their raw bits), all preallocated: neither {@link #offer(long[])} nor {@link #poll(long[])}
 * allocates. It hands evaluation rows from the training thread to the writer thread.
 *
 * <p>The producer copies a record into its slots, then publishes it with a release store of the
 * write count; the consumer reads the write count (acquire) before the slots, and frees them with a
 * release store of the read count, which the producer reads before reusing them.
 */
public final class RecordRing {
    private final int width;
    private final int capacity;
    private final long[] slots;
    /** Records written so far; only the producer stores it. */
    private final AtomicLong written = new AtomicLong();
    /** Records read so far; only the consumer stores it. */
    private final AtomicLong read = new AtomicLong();

    /** A ring of {@code capacity} records of {@code width} slots each. */
    public RecordRing(int capacity, int width) {
        if (capacity < 1 || width < 1) {
            throw new IllegalArgumentException("need capacity >= 1 and width >= 1, got " + capacity + ", " + width);
        }
        this.width = width;
        this.capacity = capacity;
        this.slots = new long[Math.multiplyExact(capacity, width)];
    }

    /** Slots per record. */
    public int width() {
        return width;
    }

    /** Producer: copies {@code record} (length {@link #width()}) into the ring; false when it is full. */
    public boolean offer(long[] record) {
        long w = written.get();
        if (w - read.getAcquire() >= capacity) {
            return false;
        }
        System.arraycopy(record, 0, slots, index(w), width);
        written.setRelease(w + 1);
        return true;
    }

    /** Consumer: copies the oldest record into {@code record} and frees it; false when the ring is empty. */
    public boolean poll(long[] record) {
        long r = read.get();
        if (r == written.getAcquire()) {
            return false;
        }
        System.arraycopy(slots, index(r), record, 0, width);
        read.setRelease(r + 1);
        return true;
    }

    /** Whether every record offered has been polled (exact only when neither side is running). */
    public boolean isEmpty() {
        return read.getAcquire() == written.getAcquire();
    }

    private int index(long sequence) {
        return (int) (sequence % capacity) * width;
    }
}
