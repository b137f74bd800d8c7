package ukcf.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import ukcf.kernel.memory.KernelHeap;

/**
 * The host kernel's module side as drivers see it before any code runs: every host-kernel import of Debian's crypto
 * modules is implemented (a function in the API table or data with memory), exported data has Linux's boot values,
 * and the kernel heap hands out zeroed memory that faults once freed.
 */
class KernelModulesTest {
    private final HostKernel kernel = new HostKernel();
    private final KernelModules modules = kernel.modules();

    @Test
    void everyHostImportOfTheCryptoModulesIsImplemented() throws Exception {
        List<String> missing = new ArrayList<>();
        for (String[] row : importRows()) {
            if (!row[2].equals("vmlinux")) continue;
            boolean function = modules.api().function(row[1]) != null;
            boolean data = modules.symbols().resolve(row[1]).filter(e -> e.kind() == ukcf.kernel.module.KernelSymbols.Export.Kind.DATA).isPresent();
            if (row[4].equals("function") ? !function : !data) missing.add(row[1] + " (" + row[4] + ", " + row[0] + ")");
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void exportedDataHasItsBootValues() {
        int guard = modules.symbols().resolve("__stack_chk_guard").orElseThrow().address();
        int fips = modules.symbols().resolve("fips_enabled").orElseThrow().address();
        assertEquals(0, modules.readKernel(guard, 1)[0], "the canary's low byte is NUL, as boot_init_stack_canary makes it");
        assertEquals(0, java.nio.ByteBuffer.wrap(modules.readKernel(fips, 4)).getInt(), "FIPS mode is off");
        int jiffies = modules.symbols().resolve("jiffies").orElseThrow().address();
        modules.execute(modules.api().addressOf("__fentry__")); // any driver call brings jiffies up to date
        long ticks = java.nio.ByteBuffer.wrap(modules.readKernel(jiffies, 8)).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(Integer.toUnsignedLong((int) modules.abi().constant("INITIAL_JIFFIES")), ticks, 250,
                "jiffies starts five minutes before wrapping, as Linux's INITIAL_JIFFIES");
        assertTrue(!java.util.Arrays.equals(new HostKernel().modules().readKernel(guard, 4), modules.readKernel(guard, 4)),
                "each boot draws its own canary");
    }

    @Test
    void theHeapZeroesAndFaultsAfterFree() {
        KernelHeap heap = modules.heap();
        int before = heap.count();
        int a = heap.allocate(100);
        assertTrue(Integer.toUnsignedLong(a) >= 0xC0000000L, "a kernel address");
        assertEquals(0, modules.readKernel(a, 100)[99]);
        modules.writeKernel(a, new byte[] {1, 2, 3});
        assertEquals(100, heap.size(a));
        assertEquals(KernelHeap.ZERO_SIZE_PTR, heap.allocate(0));
        assertTrue(heap.free(a));
        assertTrue(!heap.free(a), "a double free is refused");
        assertEquals(before, heap.count());
        org.junit.jupiter.api.Assertions.assertThrows(ukcf.cpu.fault.GuestFault.class, () -> modules.kernelMemory().read8(a));
        int b = heap.allocate(100);
        assertEquals(0, modules.readKernel(b, 3)[0], "fresh memory is zero, whatever was there before");
    }

    private static List<String[]> importRows() throws Exception {
        try (InputStream in = KernelModulesTest.class.getResourceAsStream("/ukcf/kernel/module/crypto-imports.tsv")) {
            List<String[]> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) rows.add(line.split("\t"));
            }
            return rows;
        }
    }
}
