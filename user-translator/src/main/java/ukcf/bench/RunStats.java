package ukcf.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The counters one {@code ukcf run --stats-file F} leaves behind: a flat JSON object of numbers (and the engine
 * name). Written by {@link #write}, read back by the benchmark.
 */
public record RunStats(Map<String, Long> counters) {
    public static final String GUEST_INSTRUCTIONS = "guestInstructions", BLOCKS = "blocksTranslated",
            REGIONS = "regionsTranslated", GUEST_TRANSLATED = "guestInstructionsTranslated",
            BYTECODES_EMITTED = "bytecodeInstructionsEmitted", TRANSLATION_NANOS = "translationNanos",
            WALL_NANOS = "wallNanos", STOPPED_AT_LIMIT = "stoppedAtInstructionLimit";
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*(-?\\d+)");

    public long get(String name) { return counters.getOrDefault(name, 0L); }

    public boolean has(String name) { return counters.containsKey(name); }

    public static RunStats read(Path file) throws IOException {
        Map<String, Long> counters = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (m.find()) counters.put(m.group(1), Long.parseLong(m.group(2)));
        return new RunStats(counters);
    }

    public static void write(Path file, String engine, Map<String, Long> counters) throws IOException {
        StringBuilder s = new StringBuilder("{\"engine\": \"").append(engine).append('"');
        counters.forEach((k, v) -> s.append(", \"").append(k).append("\": ").append(v));
        Files.writeString(file, s.append("}\n").toString(), StandardCharsets.UTF_8);
    }
}
