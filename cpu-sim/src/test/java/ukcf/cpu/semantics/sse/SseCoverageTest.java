package ukcf.cpu.semantics.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import ukcf.cpu.decode.OpcodeForm;
import ukcf.cpu.decode.OpcodeTable;
import ukcf.cpu.interp.HandlerTable;
import ukcf.cpu.semantics.Semantics;

/** Every SSE/SSE2 form of the opcode table has a handler, except the ones CPUID does not advertise. */
class SseCoverageTest {
    /**
     * SSE3 forms, and the MMX-register conversions and transfers (CPUID advertises neither). The later
     * extensions (SSSE3, SSE4, AES...) carry {@code ext=NAME} in the table.
     */
    private static final Set<String> NOT_ADVERTISED = Set.of(
            "MOVDDUP", "MOVSLDUP", "MOVSHDUP",
            "MOVQ2DQ", "MOVDQ2Q", "CVTPI2PS", "CVTPI2PD", "CVTTPS2PI", "CVTTPD2PI", "CVTPS2PI", "CVTPD2PI");

    private static final Set<String> CONTROL = Set.of(
            "LDMXCSR", "STMXCSR", "LFENCE", "MFENCE", "SFENCE", "CLFLUSH",
            "PREFETCHNTA", "PREFETCHT0", "PREFETCHT1", "PREFETCHT2", "MOVNTI");

    @Test
    void everyAdvertisedFormHasAHandler() {
        HandlerTable handlers = Semantics.all();
        Set<String> missing = new TreeSet<>();
        for (OpcodeForm form : OpcodeTable.forms()) {
            boolean xmm = form.operandSpecs().stream().anyMatch(s -> s.matches("[VWU].*"));
            String key = form.operation();
            if ((xmm || CONTROL.contains(key)) && form.unimplementedExtension() == null && !NOT_ADVERTISED.contains(key)
                    && !handlers.contains(key)) {
                missing.add(key);
            }
        }
        assertEquals(Set.of(), missing);
    }
}
