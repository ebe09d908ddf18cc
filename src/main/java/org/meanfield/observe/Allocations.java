package org.meanfield.observe;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.meanfield.engine.ComputeThreads;

/**
 * Bytes allocated on the heap by the calling thread and the compute threads, from
 * {@code com.sun.management.ThreadMXBean}: the measure behind "no allocation in a warm step".
 */
public final class Allocations {
    private final com.sun.management.ThreadMXBean bean;
    private final long[] ids;
    /** What one call of {@link #bytes()} allocates itself (the MXBean returns a fresh array). */
    private final long readCost;

    private Allocations(com.sun.management.ThreadMXBean bean, long[] ids) {
        this.bean = bean;
        this.ids = ids;
        bytes();
        long first = bytes();
        this.readCost = bytes() - first;
    }

    /** Accounting for this thread and the compute threads alive now ({@link ComputeThreads}). */
    public static Allocations ofComputeThreads() {
        List<Thread> threads = new ArrayList<>(ComputeThreads.live());
        threads.add(Thread.currentThread());
        long[] ids = new long[threads.size()];
        for (int t = 0; t < ids.length; t++) {
            ids[t] = threads.get(t).getId();
        }
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        return new Allocations(bean instanceof com.sun.management.ThreadMXBean sun ? sun : null, ids);
    }

    /** Whether this JVM can count allocated bytes per thread. */
    public boolean supported() {
        return bean != null && bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled();
    }

    /** Bytes allocated by the accounted threads since {@code mark} (a value of {@link #bytes()}). */
    public long since(long mark) {
        return bytes() - mark - readCost;
    }

    /** Total bytes allocated so far by the accounted threads (-1 where unsupported). */
    public long bytes() {
        if (!supported()) {
            return -1;
        }
        long total = 0;
        for (long allocated : bean.getThreadAllocatedBytes(ids)) {
            total += Math.max(0, allocated);
        }
        return total;
    }
}
