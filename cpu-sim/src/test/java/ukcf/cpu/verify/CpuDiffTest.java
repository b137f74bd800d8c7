package ukcf.cpu.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ukcf.cpu.verify.nativeharness.NativeOracle;

/**
 * cpu-sim against the host CPU: the directed corpus, then random sequences (count from
 * {@code -Dukcf.cpu.diff.count}, default 2000; seed from {@code -Dukcf.cpu.diff.seed}). Mismatches known and
 * reported to their owners are listed in {@code known-mismatches.txt}: an unlisted directed case must pass (a
 * listed one that passes is printed, to be removed), and the random run may not fail more often than the
 * ratchet recorded there. Skipped, with the reason printed, only on a host that cannot run i386 code.
 */
class CpuDiffTest {
    private static NativeOracle oracle;

    @BeforeAll
    static void start() {
        try {
            oracle = NativeOracle.start();
        } catch (NativeOracle.HostCannotRunI386 e) {
            System.out.println("skipped: this host cannot run i386 code natively: " + e.getMessage());
            Assumptions.abort(e.getMessage());
        }
    }

    @AfterAll
    static void stop() {
        if (oracle != null) oracle.close();
    }

    /** Known mismatches: {@code case-id  reason} lines and one {@code random-failure-ratchet PERCENT} line. */
    record Known(Map<String, String> directed, double randomFailurePercent) {
        static Known load() throws IOException {
            Map<String, String> directed = new TreeMap<>();
            double ratchet = 0;
            try (InputStream in = CpuDiffTest.class.getResourceAsStream("known-mismatches.txt")) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    line = line.strip();
                    if (line.isEmpty() || line.startsWith("#")) continue;
                    String[] parts = line.split("\\s+", 2);
                    if (parts[0].equals("random-failure-ratchet")) ratchet = Double.parseDouble(parts[1]);
                    else directed.put(parts[0], parts.length > 1 ? parts[1] : "");
                }
            }
            return new Known(directed, ratchet);
        }
    }

    @Test
    void directedCorpusMatchesTheHost() throws IOException {
        Known known = Known.load();
        List<TestCase> cases = new ArrayList<>(GeneratedCasesRunNativelyTest.directedCorpus());
        java.util.function.Predicate<ukcf.cpu.decode.OpcodeForm> implemented =
                CpuDiff.implementedBy(StandardComponents.interpreter());
        Map<String, ukcf.cpu.decode.OpcodeForm> formById = new java.util.HashMap<>();
        for (ukcf.cpu.decode.OpcodeForm form : ukcf.cpu.decode.OpcodeTable.forms()) formById.put(FormsCorpusTest.idOf(form), form);
        for (TestCase c : FormsCorpusTest.formsCorpus()) {
            ukcf.cpu.decode.OpcodeForm form = formById.get(c.id());
            if (form != null && implemented.test(form)) cases.add(c);
        }
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        CpuDiff.Options options = new CpuDiff.Options();
        options.maxMismatchesPrinted = Integer.MAX_VALUE;
        CpuDiff.Session session = new CpuDiff.Session(options, new PrintStream(report, true, StandardCharsets.UTF_8),
                StandardComponents.interpreter());
        List<String> failed = new ArrayList<>();
        session.onMismatch = id -> failed.add(id);
        session.runBatch(oracle, cases);
        System.out.print(report.toString(StandardCharsets.UTF_8));
        List<String> unexpected = failed.stream().filter(id -> !known.directed().containsKey(id)).toList();
        List<String> fixed = known.directed().keySet().stream().filter(id -> !failed.contains(id)).toList();
        if (!fixed.isEmpty()) System.out.println("now matching the host, remove from known-mismatches.txt: " + fixed);
        assertEquals(List.of(), unexpected, "directed cases that differ from the host (see the report above)");
    }

    @Test
    void randomSequencesMatchTheHost() throws IOException {
        Known known = Known.load();
        CpuDiff.Options options = new CpuDiff.Options();
        options.count = Long.getLong("ukcf.cpu.diff.count", 2000);
        options.seed = Long.getLong("ukcf.cpu.diff.seed", 20261122L);
        options.maxMismatchesPrinted = 10;
        options.progressIntervalMillis = 0;
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(report, true, StandardCharsets.UTF_8);
        int status = CpuDiff.run(options, out, out, StandardComponents.interpreter());
        String text = report.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        String[] lines = text.strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.matches("\\d+ passed, \\d+ failed"), "last line: " + last);
        long failed = Long.parseLong(last.replaceAll(".* (\\d+) failed", "$1"));
        assertEquals(failed == 0 ? CpuDiff.EXIT_PASSED : CpuDiff.EXIT_MISMATCH, status);
        assertTrue(!text.contains("cpu-sim threw") && !text.contains("native harness died"),
                "a run broke instead of producing a result");
        double percent = 100.0 * failed / options.count;
        assertTrue(percent <= known.randomFailurePercent(), String.format(
                "%.2f%% of random sequences differ from the host, more than the %.2f%% recorded in known-mismatches.txt",
                percent, known.randomFailurePercent()));
    }
}
