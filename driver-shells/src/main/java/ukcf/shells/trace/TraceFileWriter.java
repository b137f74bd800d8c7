package ukcf.shells.trace;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * {@code --trace FILE}: every event as a readable line in FILE and as a JSON line in FILE.jsonl (what
 * {@code ukcf trace} reads). Driver entries indent what happens inside them, per guest process.
 */
public final class TraceFileWriter implements Tracer, Closeable {
    private final long start = System.nanoTime();
    private final BufferedWriter text, json;
    private final java.util.Map<Integer, Integer> depth = new java.util.HashMap<>();

    public TraceFileWriter(Path file) throws IOException {
        text = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        json = Files.newBufferedWriter(jsonPath(file), StandardCharsets.UTF_8);
    }

    /** Where the JSON lines of a trace written to {@code file} go. */
    public static Path jsonPath(Path file) {
        return file.toString().endsWith(".jsonl") ? file : Path.of(file + ".jsonl");
    }

    @Override
    public long now() { return System.nanoTime() - start; }

    @Override
    public synchronized void record(TraceEvent e) {
        try {
            json.write(TraceJson.encode(e));
            json.newLine();
            text.write(describe(e));
            text.newLine();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    private String describe(TraceEvent e) {
        int level = depth.getOrDefault(e.pid(), 0);
        String prefix = String.format("[%5d.%06d] pid %d ", e.nanos() / 1_000_000_000L, e.nanos() / 1000 % 1_000_000, e.pid());
        if (e instanceof TraceEvent.ShellEntry s) {
            depth.put(e.pid(), level + 1);
            return prefix + "  ".repeat(level) + "-> " + s.driver() + " " + s.entryPoint() + " = " + s.function()
                    + "(" + hexList(s.arguments()) + ")";
        }
        if (e instanceof TraceEvent.ShellExit s) {
            depth.put(e.pid(), Math.max(0, level - 1));
            return prefix + "  ".repeat(Math.max(0, level - 1)) + "<- " + s.driver() + " " + s.entryPoint() + " returns "
                    + s.result() + " (" + s.instructions() + " instructions, " + s.durationNanos() / 1000 + " us)";
        }
        if (e instanceof TraceEvent.HostCall h) {
            return prefix + "  ".repeat(level) + h.driver() + " calls " + h.function() + "(" + hexList(h.arguments())
                    + ") = " + h.result() + " (" + h.durationNanos() / 1000 + " us)";
        }
        TraceEvent.CallFailed f = (TraceEvent.CallFailed) e;
        depth.put(e.pid(), Math.max(0, level - 1));
        return prefix + "  ".repeat(Math.max(0, level - 1)) + "<- " + f.driver() + " " + f.entryPoint() + " FAILED ("
                + f.kind() + "): " + f.summary().replace("\n", "\\n");
    }

    private static String hexList(java.util.List<Integer> values) {
        return values.stream().map(v -> "0x" + Integer.toHexString(v)).collect(Collectors.joining(", "));
    }

    @Override
    public synchronized void close() throws IOException {
        try (text; json) {
            text.flush();
            json.flush();
        }
    }
}
