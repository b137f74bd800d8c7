package ukcf.cpu.semantics.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import ukcf.cpu.decode.OpcodeForm;
import ukcf.cpu.decode.OpcodeTable;
import ukcf.cpu.interp.HandlerTable;
import ukcf.cpu.semantics.Semantics;

/** Every MMX, SSE and SSE2 form of the opcode table has a handler, except the ones CPUID does not advertise. */
class SseCoverageTest {
    /** SSE3 forms (CPUID does not advertise SSE3); the later extensions carry {@code ext=NAME} in the table. */
    private static final Set<String> NOT_ADVERTISED = Set.of("MOVDDUP", "MOVSLDUP", "MOVSHDUP");

    private static final Set<String> CONTROL = Set.of(
            "LDMXCSR", "STMXCSR", "LFENCE", "MFENCE", "SFENCE", "CLFLUSH",
            "PREFETCHNTA", "PREFETCHT0", "PREFETCHT1", "PREFETCHT2", "MOVNTI", "EMMS");

    @Test
    void everyAdvertisedFormHasAHandler() {
        HandlerTable handlers = Semantics.all();
        Set<String> missing = new TreeSet<>();
        for (OpcodeForm form : OpcodeTable.forms()) {
            boolean xmm = form.operandSpecs().stream().anyMatch(s -> s.matches("[VWUPQN][a-z]*"));
            String key = form.operation();
            if ((xmm || CONTROL.contains(key)) && form.unimplementedExtension() == null && !NOT_ADVERTISED.contains(key)
                    && !handlers.contains(key)) {
                missing.add(key);
            }
        }
        assertEquals(Set.of(), missing);
    }
}
