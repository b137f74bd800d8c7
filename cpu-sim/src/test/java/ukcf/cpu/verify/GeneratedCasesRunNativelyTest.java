package ukcf.cpu.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import ukcf.cpu.decode.OpcodeForm;
import ukcf.cpu.decode.OpcodeTable;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.verify.generate.SequenceGenerator;
import ukcf.cpu.verify.nativeharness.NativeOracle;
import ukcf.cpu.verify.nativeharness.NativeOracleExtension;

/**
 * Every generated and directed case must run natively to a result (never kill or corrupt the harness), and the
 * generator must be reproducible and reach the whole table: the preconditions of a meaningful differential run.
 */
@ExtendWith(NativeOracleExtension.class)
class GeneratedCasesRunNativelyTest {
    private static NativeOracle oracle;

    @BeforeAll
    static void start(NativeOracle started) {
        oracle = started;
    }

    static List<TestCase> directedCorpus() throws IOException {
        try (InputStream in = GeneratedCasesRunNativelyTest.class.getResourceAsStream("directed/directed-corpus.tsv")) {
            return DirectedCorpus.parse(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")));
        }
    }

    @Test
    void randomSequencesOverTheWholeTableRunToAResult() {
        SequenceGenerator generator = new SequenceGenerator(OpcodeTable.forms(), f -> true);
        List<TestCase> cases = new ArrayList<>();
        for (int i = 0; i < 5000; i++) cases.add(generator.generate(20261122L, i));
        Map<ExceptionVector, Integer> faults = new EnumMap<>(ExceptionVector.class);
        int[] completed = new int[1];
        List<String> failures = new ArrayList<>();
        oracle.run(cases, (i, s) -> {
            if (s.failure != null) failures.add(cases.get(i).id() + ": " + s.failure);
            else if (s.fault == null) completed[0]++;
            else faults.merge(s.fault, 1, Integer::sum);
        });
        assertEquals(List.of(), failures);
        assertTrue(completed[0] > cases.size() / 2, "most sequences should run to their end: " + completed[0] + " " + faults);
    }

    @Test
    void everyGeneratableFormHasARunnableInstance() {
        SequenceGenerator generator = new SequenceGenerator(OpcodeTable.forms(), f -> true);
        List<TestCase> cases = new ArrayList<>();
        for (OpcodeForm form : OpcodeTable.forms()) {
            if (SequenceGenerator.isGeneratable(form)) cases.add(generator.instanceOf(form, 1));
        }
        List<String> failures = new ArrayList<>();
        oracle.run(cases, (i, s) -> {
            if (s.failure != null) failures.add(cases.get(i).id() + ": " + s.failure);
        });
        assertEquals(List.of(), failures);
    }

    @Test
    void generationIsAPureFunctionOfSeedAndIndex() {
        SequenceGenerator a = new SequenceGenerator(OpcodeTable.forms(), f -> true);
        SequenceGenerator b = new SequenceGenerator(OpcodeTable.forms(), f -> true);
        for (int i = 0; i < 50; i++) {
            TestCase x = a.generate(7, i), y = b.generate(7, i);
            assertArrayEquals(x.code(), y.code());
            assertArrayEquals(x.gpr(), y.gpr());
            assertArrayEquals(x.fxsave(), y.fxsave());
            assertArrayEquals(x.data(), y.data());
        }
    }

    @Test
    void directedCorpusRunsNativelyWithTheExpectedFaults() throws IOException {
        List<TestCase> cases = directedCorpus();
        assertTrue(cases.size() > 500);
        List<String> failures = new ArrayList<>();
        Map<String, ExceptionVector> faultOf = new java.util.HashMap<>();
        Map<String, Integer> eaxOf = new java.util.HashMap<>();
        oracle.run(cases, (i, s) -> {
            if (s.failure != null) failures.add(cases.get(i).id() + ": " + s.failure);
            faultOf.put(cases.get(i).id(), s.fault);
            eaxOf.put(cases.get(i).id(), s.gpr[0]);
        });
        assertEquals(List.of(), failures);
        assertEquals(0x80000000, eaxOf.get(idOf(cases, "add %ecx,%eax | eax=0x7fffffff ecx=1")));
        assertEquals(ExceptionVector.DE, faultOf.get(idOf(cases, "div %ecx | eax=10 edx=0 ecx=0")));
        assertEquals(ExceptionVector.DE, faultOf.get(idOf(cases, "idiv %ecx | eax=0x80000000 edx=0xffffffff ecx=0xffffffff")));
        assertEquals(ExceptionVector.DE, faultOf.get(idOf(cases, "aam $0 | eax=0x4f")));
        assertEquals(ExceptionVector.UD, faultOf.get(idOf(cases, ".byte 0xf0; add %ecx,%eax")));
        assertEquals(null, faultOf.get(idOf(cases, "lock addl $1,(%ebx)")));
    }

    private static final List<String> EDGE_CASE_LINES = readEdgeCases();

    private static List<String> readEdgeCases() {
        try (InputStream in = GeneratedCasesRunNativelyTest.class.getResourceAsStream("directed/edge-cases.txt")) {
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String idOf(List<TestCase> cases, String sourceLine) {
        int line = EDGE_CASE_LINES.indexOf(sourceLine) + 1;
        assertTrue(line > 0, "no edge case " + sourceLine);
        return "edge-cases.txt:" + line;
    }
}
