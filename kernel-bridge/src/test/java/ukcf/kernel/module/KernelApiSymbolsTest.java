package ukcf.kernel.module;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import ukcf.cpu.memory.AddressSpace;
import ukcf.kernel.abi.KernelAbi;
import ukcf.kernel.api.KernelApi;
import ukcf.kernel.api.KernelExports;
import ukcf.kernel.memory.KernelAddressSpace;
import ukcf.kernel.memory.KernelRegion;
import ukcf.monitor.AddressOwnershipMap;

/** The loader linked against the kernel API's real export table: implemented functions, stubs, builtin libdes. */
class KernelApiSymbolsTest {
    private final KernelAddressSpace kernel = new KernelAddressSpace(new AddressSpace(), new AddressOwnershipMap());
    private final int tableBase = kernel.reserveHostSymbolRange(0x100000);
    private final KernelExports functions = KernelApi.exports(tableBase, tableBase + 0x100000);
    private final HostKernelExports data = new HostKernelExports(kernel);
    private final ModuleRegistry registry = new ModuleRegistry();
    private final ModuleLoader loader;

    KernelApiSymbolsTest() {
        data.exportData("__stack_chk_guard", 4, false);
        data.exportData("fips_enabled", 4, true);
        loader = new ModuleLoader(KernelAbi.debian686(), kernel,
                KernelSymbols.firstOf(data, new KernelApiSymbols(functions, Set.of("libdes"))), registry, ModuleLifecycle.NO_CODE);
    }

    @Test
    void importsBindToTheApiTableAndLibdesIsBuiltin() {
        for (String path : List.of("crypto/md4", "crypto/des_generic", "crypto/blowfish_common", "crypto/blowfish_generic")) {
            loader.load(path.substring(path.indexOf('/') + 1) + ".ko", TestKernel.module(path), null);
        }
        LoadedModule md4 = registry.module("md4").orElseThrow();
        Relocator.Applied memcpy = md4.relocations().stream().filter(r -> r.symbol().equals("memcpy")).findFirst().orElseThrow();
        assertEquals(functions.function("memcpy").address(), memcpy.value() + memcpy.place() + 4,
                "call memcpy lands on the API's memcpy (PC32: S + A - P with A = -4)");
        assertTrue(KernelRegion.HOST_SYMBOLS.contains(functions.function("memcpy").address()));
        assertTrue(functions.unimplementedImports().contains("__fentry__") || functions.function("__fentry__") != null);
        LoadedModule des = registry.module("des_generic").orElseThrow();
        Relocator.Applied desEncrypt = des.relocations().stream().filter(r -> r.symbol().equals("des_encrypt")).findFirst().orElseThrow();
        assertEquals(functions.function("des_encrypt").address(), desEncrypt.value() + desEncrypt.place() + 4);
        assertNotEquals(0, registry.resolve("blowfish_setkey").orElseThrow().address(), "module exports still come from modules");
        assertEquals(Set.of(registry.module("blowfish_common").orElseThrow()), registry.module("blowfish_generic").orElseThrow().uses());

        ModuleLoadException duplicate = assertThrows(ModuleLoadException.class,
                () -> loader.load("libdes.ko", TestKernel.module("lib/crypto/libdes"), null));
        assertTrue(duplicate.getMessage().startsWith("libdes: exports duplicate symbol des"), duplicate.getMessage());
        assertTrue(duplicate.getMessage().contains("(owned by host kernel)"), duplicate.getMessage());
    }
}
