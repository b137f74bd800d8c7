package ukcf.shells.trace;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ukcf trace FILE}: per driver entry point, how often it was called, how often it failed, its time and
 * guest instructions, and which host kernel functions it called (calls nested in an entry are counted for it).
 */
public final class TraceSummary {
    /** One entry point's figures. */
    public static final class EntryFigures {
        long calls, failures, nanos, instructions;
        final Map<String, long[]> kernelCalls = new TreeMap<>(); // function -> {count, nanos}

        public long calls() { return calls; }
        public long failures() { return failures; }
        public long nanos() { return nanos; }
        public long instructions() { return instructions; }
        public Map<String, long[]> kernelCalls() { return kernelCalls; }
    }

    private final Map<String, EntryFigures> entries = new TreeMap<>();
    private long events;

    private final Map<Integer, Deque<String>> open = new HashMap<>();

    public static TraceSummary of(List<TraceEvent> trace) {
        TraceSummary s = new TraceSummary();
        trace.forEach(s::add);
        return s;
    }

    /** Counts one event (a summary can also follow a run as it goes: see {@link #tracer}). */
    public synchronized void add(TraceEvent e) {
        events++;
        Deque<String> stack = open.computeIfAbsent(e.pid(), k -> new ArrayDeque<>());
        if (e instanceof TraceEvent.ShellEntry entry) {
            String key = entry.driver() + " " + entry.entryPoint();
            stack.push(key);
            entries.computeIfAbsent(key, k -> new EntryFigures()).calls++;
        } else if (e instanceof TraceEvent.ShellExit exit) {
            EntryFigures f = entries.computeIfAbsent(exit.driver() + " " + exit.entryPoint(), k -> new EntryFigures());
            f.nanos += exit.durationNanos();
            f.instructions += exit.instructions();
            if (!stack.isEmpty()) stack.pop();
        } else if (e instanceof TraceEvent.CallFailed failed) {
            EntryFigures f = entries.computeIfAbsent(failed.driver() + " " + failed.entryPoint(), k -> new EntryFigures());
            f.failures++;
            f.instructions += failed.instructions();
            if (!stack.isEmpty()) stack.pop();
        } else if (e instanceof TraceEvent.HostCall call) {
            String key = stack.isEmpty() ? call.driver() + " (outside a shell)" : stack.peek();
            long[] figures = entries.computeIfAbsent(key, k -> new EntryFigures()).kernelCalls
                    .computeIfAbsent(call.function(), k -> new long[2]);
            figures[0]++;
            figures[1] += call.durationNanos();
        }
    }

    /** A tracer that adds every event to this summary as it happens (ukcf run --stats). */
    public Tracer tracer() {
        long start = System.nanoTime();
        return new Tracer() {
            @Override public void record(TraceEvent event) { add(event); }
            @Override public long now() { return System.nanoTime() - start; }
        };
    }

    /** Per driver: {calls, failures, nanos, guest instructions} over its entry points. */
    public synchronized Map<String, long[]> byDriver() {
        Map<String, long[]> drivers = new TreeMap<>();
        entries.forEach((key, f) -> {
            long[] d = drivers.computeIfAbsent(key.substring(0, key.indexOf(' ')), k -> new long[4]);
            d[0] += f.calls;
            d[1] += f.failures;
            d[2] += f.nanos;
            d[3] += f.instructions;
        });
        return drivers;
    }

    /** Calls drivers made into the host kernel: {count, nanos}. */
    public synchronized long[] hostCalls() {
        long[] total = new long[2];
        for (EntryFigures f : entries.values()) {
            for (long[] k : f.kernelCalls.values()) {
                total[0] += k[0];
                total[1] += k[1];
            }
        }
        return total;
    }

    public Map<String, EntryFigures> entries() { return entries; }

    public synchronized String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-48s %7s %7s %12s %14s%n", "driver entry point", "calls", "failed", "time us", "guest instr"));
        for (var e : entries.entrySet()) {
            EntryFigures f = e.getValue();
            out.append(String.format("%-48s %7d %7d %12d %14d%n", e.getKey(), f.calls, f.failures, f.nanos / 1000, f.instructions));
            for (var k : f.kernelCalls.entrySet()) {
                out.append(String.format("    calls %-38s %7d %7s %12d%n", k.getKey(), k.getValue()[0], "", k.getValue()[1] / 1000));
            }
        }
        out.append(events).append(" events\n");
        return out.toString();
    }
}
