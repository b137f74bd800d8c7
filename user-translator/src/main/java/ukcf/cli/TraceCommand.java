package ukcf.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import ukcf.shells.trace.TraceEvent;
import ukcf.shells.trace.TraceFileWriter;
import ukcf.shells.trace.TraceJson;
import ukcf.shells.trace.TraceSummary;

/** {@code ukcf trace FILE}: summarizes a trace written by {@code ukcf run --trace FILE}. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Summarize a driver trace: calls per entry point, failures, time, guest instructions, kernel APIs called.")
final class TraceCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The trace (FILE.jsonl next to it is read).")
    Path file;

    @Override
    public Integer call() throws Exception {
        Path json = TraceFileWriter.jsonPath(file);
        if (!Files.isRegularFile(json)) {
            System.err.println("ukcf trace: " + json + ": no such trace (written by ukcf run --trace " + file + ")");
            return 2;
        }
        List<TraceEvent> events = new ArrayList<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(json, StandardCharsets.UTF_8)) {
            lineNumber++;
            if (line.isBlank()) continue;
            try {
                events.add(TraceJson.decode(line));
            } catch (IllegalArgumentException | ClassCastException bad) {
                System.err.println("ukcf trace: " + json + " line " + lineNumber + ": " + bad.getMessage());
                return 2;
            }
        }
        System.out.print(TraceSummary.of(events).render());
        return 0;
    }
}
