import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the steady state of a {@code meanfield train --profile} recording: the time after the
 * first K step events (JIT warm-up) up to the last step event. Prints the phase times from the
 * project's step events, the hottest methods (top frame, and first org.meanfield frame), heap
 * allocation per thread from jdk.ThreadAllocationStatistics, allocation samples and GCs in the window.
 *
 * <p>Run with the JDK's launcher, no build needed:
 * {@code java profiles/ProfileReport.java profile.jfr [warm-up steps, default 100]}
 */
public final class ProfileReport {
    private static final String STEP = "org.meanfield.Step";

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java ProfileReport.java <profile.jfr> [warm-up steps, default 100]");
            System.exit(2);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(Path.of(args[0]));
        long warmUp = args.length > 1 ? Long.parseLong(args[1]) : 100;
        List<RecordedEvent> steps = events.stream().filter(e -> name(e).equals(STEP))
                .sorted(Comparator.comparing(RecordedEvent::getEndTime)).toList();
        List<RecordedEvent> steady = steps.stream().filter(e -> e.getLong("step") >= warmUp).toList();
        if (steady.isEmpty()) {
            System.err.println("no step events after step " + warmUp + " (" + steps.size() + " in all)");
            System.exit(1);
        }
        Instant from = steady.get(0).getStartTime();
        Instant to = steady.get(steady.size() - 1).getEndTime();
        double seconds = Duration.between(from, to).toNanos() * 1e-9;
        RecordedEvent first = steady.get(0);
        System.out.printf(Locale.ROOT, "steady state: steps %d..%d of %d, %.2f s (%s, d = %d, n = %d, P = %d, %s)%n%n",
                warmUp, steady.get(steady.size() - 1).getLong("step"), steps.size(), seconds, first.getString("unit"),
                first.getInt("d"), first.getInt("n"), first.getInt("batch"), first.getString("kernel"));

        phases(steady, seconds);
        List<RecordedEvent> window = events.stream()
                .filter(e -> !e.getEndTime().isBefore(from) && !e.getStartTime().isAfter(to)).toList();
        hotMethods(window);
        allocation(events, from, to, steady.size());
        allocationSamples(window);
        gcs(window);
    }

    private static void phases(List<RecordedEvent> steady, double seconds) {
        String[] fields = {"sample", "forward", "backward", "noise"};
        double total = 0;
        Map<String, Double> sums = new LinkedHashMap<>();
        for (RecordedEvent e : steady) {
            total += e.getDuration().toNanos();
            for (String f : fields) {
                sums.merge(f, (double) e.getLong(f), Double::sum);
            }
        }
        System.out.printf(Locale.ROOT, "step events: %d steps, %.2f steps/s, mean step %.2f ms%n", steady.size(),
                steady.size() / seconds, total / steady.size() * 1e-6);
        for (String f : fields) {
            System.out.printf(Locale.ROOT, "  %-9s mean %8.3f ms  %5.1f %% of the step%n", f,
                    sums.get(f) / steady.size() * 1e-6, 100 * sums.get(f) / total);
        }
        System.out.println();
    }

    private static void hotMethods(List<RecordedEvent> window) {
        Map<String, Integer> top = new HashMap<>();
        Map<String, Integer> project = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : window) {
            if (!name(e).equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            top.merge(method(frames.get(0)), 1, Integer::sum);
            RecordedThread thread = e.getThread("sampledThread");
            threads.merge(thread == null ? "?" : thread.getJavaName(), 1, Integer::sum);
            for (RecordedFrame frame : frames) {
                if (frame.getMethod().getType().getName().startsWith("org.meanfield.")) {
                    project.merge(method(frame), 1, Integer::sum);
                    break;
                }
            }
        }
        System.out.printf(Locale.ROOT, "execution samples in the window: %d%n", samples);
        print("top frame (self time)", top, samples, 12);
        print("first org.meanfield frame on the stack (the project method the time is spent under)", project, samples,
                10);
        print("samples by thread", threads, samples, 6);
    }

    private static void allocation(List<RecordedEvent> events, Instant from, Instant to, int steadySteps) {
        // Per thread: the last running total at or before `from`, and the last at or before `to`.
        Map<Long, long[]> totals = new TreeMap<>();
        Map<Long, String> names = new HashMap<>();
        Map<Long, Instant[]> times = new HashMap<>();
        for (RecordedEvent e : events) {
            if (!name(e).equals("jdk.ThreadAllocationStatistics")) {
                continue;
            }
            RecordedThread thread = e.getThread("thread");
            if (thread == null) {
                continue;
            }
            long id = thread.getJavaThreadId();
            names.put(id, thread.getJavaName());
            long[] t = totals.computeIfAbsent(id, k -> new long[] {-1, -1});
            Instant[] at = times.computeIfAbsent(id, k -> new Instant[2]);
            Instant when = e.getStartTime();
            if (!when.isAfter(from) && (at[0] == null || when.isAfter(at[0]))) {
                t[0] = e.getLong("allocated");
                at[0] = when;
            }
            if (!when.isAfter(to) && (at[1] == null || when.isAfter(at[1]))) {
                t[1] = e.getLong("allocated");
                at[1] = when;
            }
        }
        System.out.println("heap allocated per thread between the last jdk.ThreadAllocationStatistics before the window"
                + " and the last inside it:");
        long training = 0;
        for (Map.Entry<Long, long[]> entry : totals.entrySet()) {
            long[] t = entry.getValue();
            Instant[] at = times.get(entry.getKey());
            if (t[0] < 0 || t[1] < 0 || !at[1].isAfter(at[0])) {
                continue;
            }
            long bytes = t[1] - t[0];
            double span = Duration.between(at[0], at[1]).toNanos() * 1e-9;
            String name = names.get(entry.getKey());
            if (bytes > 0 || name.equals("main") || name.startsWith("meanfield-worker")) {
                System.out.printf(Locale.ROOT, "  %-28s %12d bytes over %5.1f s = %10.1f bytes/s%n", name + " #"
                        + entry.getKey(), bytes, span, bytes / span);
            }
            if (name.equals("main") || name.startsWith("meanfield-worker")) {
                training += bytes;
            }
        }
        System.out.printf(Locale.ROOT, "  training threads (main + workers): %d bytes, %.1f bytes per step%n%n", training,
                (double) training / steadySteps);
    }

    private static void allocationSamples(List<RecordedEvent> window) {
        Map<String, Integer> sites = new HashMap<>();
        int count = 0;
        for (RecordedEvent e : window) {
            if (!name(e).equals("jdk.ObjectAllocationSample")) {
                continue;
            }
            count++;
            RecordedStackTrace stack = e.getStackTrace();
            String site = stack == null || stack.getFrames().isEmpty() ? "?" : method(stack.getFrames().get(0));
            RecordedThread thread = e.getThread("eventThread");
            sites.merge((thread == null ? "?" : thread.getJavaName()) + "  " + site + "  "
                    + e.getClass("objectClass").getName(), 1, Integer::sum);
        }
        System.out.printf(Locale.ROOT, "jdk.ObjectAllocationSample events in the window: %d%n", count);
        if (count > 0) {
            print("allocation samples by thread, site and class", sites, count, 10);
        }
        System.out.println();
    }

    private static void gcs(List<RecordedEvent> window) {
        long gcs = window.stream().filter(e -> name(e).equals("jdk.GarbageCollection")).count();
        System.out.printf(Locale.ROOT, "garbage collections in the window: %d%n", gcs);
    }

    private static void print(String title, Map<String, Integer> counts, int total, int limit) {
        System.out.println("  " + title + ":");
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        for (Map.Entry<String, Integer> entry : sorted.subList(0, Math.min(limit, sorted.size()))) {
            System.out.printf(Locale.ROOT, "    %6.2f %%  %6d  %s%n", 100.0 * entry.getValue() / total, entry.getValue(),
                    entry.getKey());
        }
    }

    private static String method(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName() + " (line "
                + frame.getLineNumber() + ")";
    }

    private static String name(RecordedEvent e) {
        return e.getEventType().getName();
    }
}
