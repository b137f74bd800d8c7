package ukcf.cpu.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import ukcf.cpu.decode.OpcodeForm;
import ukcf.cpu.decode.OpcodeTable;
import ukcf.cpu.verify.nativeharness.NativeOracle;
import ukcf.cpu.verify.nativeharness.NativeOracleExtension;

/**
 * cpu-sim against the host CPU: the whole directed corpus must match (except the cases of
 * {@code open-directed-cases.txt}, open x87 and decoder bugs being fixed, which must still fail: a listed case
 * that matches must be deleted from the list), and so must every random sequence of a run
 * of {@code -Dukcf.cpu.diff.count} (default 2000) with the seed {@code -Dukcf.cpu.diff.seed} or, without it, a
 * fresh one (printed first, so a failure can be rerun). There is no tolerated failure rate: a form whose native
 * result is host-specific is kept out of generation by {@code GenerationRules}, with the SDM's reason. Skipped,
 * with the reason printed, only on a host that cannot run i386 code.
 */
@ExtendWith(NativeOracleExtension.class)
class CpuDiffTest {
    private static NativeOracle oracle;

    @BeforeAll
    static void start(NativeOracle started) {
        oracle = started;
    }

    @Test
    void directedCorpusMatchesTheHost() throws IOException {
        List<TestCase> cases = new ArrayList<>(GeneratedCasesRunNativelyTest.directedCorpus());
        Predicate<OpcodeForm> implemented = new InterpreterEngine()::implementsForm;
        Map<String, OpcodeForm> formById = new HashMap<>();
        for (OpcodeForm form : OpcodeTable.forms()) formById.put(FormsCorpusTest.idOf(form), form);
        for (TestCase c : FormsCorpusTest.formsCorpus()) {
            OpcodeForm form = formById.get(c.id());
            if (form != null && implemented.test(form)) cases.add(c);
        }
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        CpuDiff.Options options = new CpuDiff.Options();
        options.maxMismatchesPrinted = Integer.MAX_VALUE;
        CpuDiff.Session session = new CpuDiff.Session(options, new PrintStream(report, true, StandardCharsets.UTF_8));
        List<String> failed = new ArrayList<>();
        session.onMismatch = failed::add;
        session.runBatch(oracle, cases);
        System.out.print(report.toString(StandardCharsets.UTF_8));
        assertEquals(cases.size(), session.passed() + session.failed(), "every directed case ran on both sides");
        Map<String, String> open = openDirectedCases();
        assertEquals(List.of(), failed.stream().filter(id -> !open.containsKey(id)).toList(),
                "directed cases that differ from the host (see the report above)");
        assertEquals(List.of(), open.keySet().stream().filter(id -> !failed.contains(id)).toList(),
                "open directed cases that now match the host: delete them from open-directed-cases.txt");
    }

    /** {@code case-id  bug} lines: directed cases failing because of an open x87 or decoder bug. */
    private static Map<String, String> openDirectedCases() throws IOException {
        Map<String, String> open = new TreeMap<>();
        try (InputStream in = CpuDiffTest.class.getResourceAsStream("open-directed-cases.txt")) {
            if (in == null) return open;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] parts = line.strip().split("\\s+", 2);
                open.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
        }
        return open;
    }

    @Test
    void randomSequencesMatchTheHost() {
        CpuDiff.Options options = new CpuDiff.Options();
        options.maxMismatchesPrinted = 10;
        Report report = randomRun(options);
        assertEquals("cpu-diff: seed " + options.seed + ", " + options.count + " sequences, engine interp, oracle native",
                report.lines[0], "the seed is printed first (rerun with -Dukcf.cpu.diff.seed)");
        assertEquals(options.count + " passed, 0 failed", report.lines[report.lines.length - 1],
                "random sequences that differ from the host, seed " + options.seed + " (see the report above)");
        assertEquals(CpuDiff.EXIT_PASSED, report.status);
    }

    record Report(int status, String[] lines) { }

    /**
     * A random cpu-diff run of {@code -Dukcf.cpu.diff.count} sequences (default 2000) with the seed
     * {@code -Dukcf.cpu.diff.seed} or a fresh one (both set in {@code options}); the report is printed and returned.
     */
    static Report randomRun(CpuDiff.Options options) {
        options.count = Long.getLong("ukcf.cpu.diff.count", 2000);
        options.seed = Long.getLong("ukcf.cpu.diff.seed", new SecureRandom().nextLong());
        options.progressIntervalMillis = 0;
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(report, true, StandardCharsets.UTF_8);
        int status = CpuDiff.run(options, out, out);
        String text = report.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        return new Report(status, text.strip().split("\n"));
    }
}
