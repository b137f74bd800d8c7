package ukcf.user.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import ukcf.cpu.semantics.CpuidTable;

/** /proc/cpuinfo tells what our CPUID advertises, in Linux 6.1's i386 layout. */
class ProcCpuinfoTest {
    @Test
    void theStandardCpuReadsAsLinuxPrintsIt() throws IOException {
        try (InputStream in = ProcCpuinfoTest.class.getResourceAsStream("proc-cpuinfo.txt")) {
            assertEquals(new String(in.readAllBytes(), StandardCharsets.US_ASCII), ProcCpuinfo.text(CpuidTable.standard()));
        }
    }

    /** Exactly the advertised features: every set feature bit has a Linux name (else it would go unreported). */
    @Test
    void everyAdvertisedFeatureBitIsNamed() {
        CpuidTable cpuid = CpuidTable.standard();
        int[][] registers = {
            {0x00000001, cpuid.query(1).edx(), 1}, {0x00000001, cpuid.query(1).ecx() & ~(1 << 27), 0},
            {0x80000001, cpuid.query(0x80000001).edx(), 1}, {0x80000001, cpuid.query(0x80000001).ecx(), 0},
        };
        int named = 0;
        for (int[] r : registers) {
            for (int bit = 0; bit < 32; bit++) {
                if ((r[1] & (1 << bit)) == 0) continue;
                int b = bit;
                assertTrue(ProcCpuinfo.FLAGS.stream().anyMatch(f -> f.leaf() == r[0] && f.edx() == (r[2] == 1)
                        && f.bit() == b), String.format("CPUID 0x%x bit %d has no /proc/cpuinfo name", r[0], bit));
                named++;
            }
        }
        assertEquals(named, ProcCpuinfo.flagNames(cpuid).size());
    }
}
