package org.meanfield.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The threads that compute steps, registered by {@link ChunkPool} as it starts them and removed as
 * it closes: what allocation accounting counts besides the calling thread, whatever built the pool.
 */
public final class ComputeThreads {
    private static final Set<Thread> LIVE = ConcurrentHashMap.newKeySet();

    private ComputeThreads() {
    }

    static void register(Thread thread) {
        LIVE.add(thread);
    }

    static void unregister(Thread thread) {
        LIVE.remove(thread);
    }

    /** The registered threads that are alive now. */
    public static List<Thread> live() {
        List<Thread> out = new ArrayList<>();
        for (Thread thread : LIVE) {
            if (thread.isAlive()) {
                out.add(thread);
            }
        }
        return out;
    }
}
