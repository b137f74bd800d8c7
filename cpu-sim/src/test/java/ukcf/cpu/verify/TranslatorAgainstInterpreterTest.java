package ukcf.cpu.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ukcf.cpu.decode.OpcodeForm;
import ukcf.cpu.decode.OpcodeTable;

/**
 * The translator held against the reference interpreter ({@code ./ukcf cpu-diff --engine dbt --oracle interp}):
 * the directed corpus with one case per implemented form, and random sequences (count {@code
 * -Dukcf.cpu.diff.count}, default 2000, seed {@code -Dukcf.cpu.diff.seed} or fresh and printed). Runs on every
 * host, including those that cannot execute i386 code, where {@link CpuDiffTest} is skipped.
 */
class TranslatorAgainstInterpreterTest {

    private static CpuDiff.Options options() {
        CpuDiff.Options options = new CpuDiff.Options();
        options.engine = "dbt";
        options.oracle = "interp";
        options.maxMismatchesPrinted = 10;
        options.progressIntervalMillis = 0;
        return options;
    }

    @Test
    void directedCorpusAndEveryFormAgree() throws IOException {
        List<TestCase> cases = new ArrayList<>(GeneratedCasesRunNativelyTest.directedCorpus());
        Map<String, OpcodeForm> formById = new HashMap<>();
        for (OpcodeForm form : OpcodeTable.forms()) formById.put(FormsCorpusTest.idOf(form), form);
        InterpreterEngine interpreter = new InterpreterEngine();
        for (TestCase c : FormsCorpusTest.formsCorpus()) {
            OpcodeForm form = formById.get(c.id());
            if (form != null && interpreter.implementsForm(form)) cases.add(c);
        }
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        CpuDiff.Session session = new CpuDiff.Session(options(), new PrintStream(report, true, StandardCharsets.UTF_8));
        List<String> failed = new ArrayList<>();
        session.onMismatch = failed::add;
        try (Oracle oracle = new EngineOracle(interpreter)) {
            session.runBatch(oracle, cases);
        }
        System.out.print(report.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(), failed, "cases where the translator leaves another state than the interpreter");
        assertEquals(cases.size(), session.passed());
    }

    @Test
    void randomSequencesAgree() {
        CpuDiff.Options options = options();
        CpuDiffTest.Report report = CpuDiffTest.randomRun(options);
        assertEquals(options.count + " passed, 0 failed", report.lines()[report.lines().length - 1],
                "random sequences where the translator differs from the interpreter, seed " + options.seed);
        assertEquals(CpuDiff.EXIT_PASSED, report.status());
    }

    @Test
    void anUnknownOracleIsAUsageError() {
        CpuDiff.Options options = options();
        options.oracle = "qemu";
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        int status = CpuDiff.run(options, new PrintStream(report, true, StandardCharsets.UTF_8), System.err);
        assertEquals(CpuDiff.EXIT_USAGE, status);
        assertEquals("cpu-diff: unknown oracle 'qemu' (available: interp, native)",
                report.toString(StandardCharsets.UTF_8).strip());
    }
}
