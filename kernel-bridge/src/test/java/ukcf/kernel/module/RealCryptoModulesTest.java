package ukcf.kernel.module;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;

import org.junit.jupiter.api.Test;

import ukcf.cpu.memory.Protection;
import ukcf.kernel.memory.KernelRegion;

/**
 * Loads Debian's real 686 crypto modules and checks the result against binutils' independent reading of the same
 * files: every relocated word equals S + A (or S + A - P) computed from readelf's symbols and the file's bytes.
 */
class RealCryptoModulesTest {
    static final List<String> MODULES = List.of("crypto/blowfish_generic", "crypto/des_generic", "crypto/sha3_generic",
            "crypto/crc32_generic", "crypto/md4", "crypto/michael_mic", "crypto/blowfish_common", "lib/crypto/libdes");

    /** Checks each module's relocations when its init would run: init sections are still mapped then. */
    private final List<String> checked = new ArrayList<>();
    private TestKernel kernel;
    private final ModuleLifecycle verifyingLifecycle = new ModuleLifecycle() {
        @Override public int callInit(LoadedModule module, int address) {
            checkRelocations(module);
            assertEquals(kernel.abi.constant("MODULE_STATE_COMING"), guestState(module), "module->state while init runs");
            return 0;
        }
        @Override public void callExit(LoadedModule module, int address) { checked.add("exit " + module.name()); }
    };

    @Test
    void loadsInDependencyOrderAndEveryRelocationMatchesReadelf() {
        kernel = new TestKernel(verifyingLifecycle);
        List<ModuleLoader.ModuleSource> sources = new ArrayList<>();
        for (String path : MODULES) sources.add(new ModuleLoader.ModuleSource(path + ".ko", TestKernel.module(path), null));
        List<ModuleLoader.LoadResult> results = kernel.loader.loadInDependencyOrder(sources);
        List<String> order = results.stream().map(r -> r.module().name()).toList();
        // library modules (blowfish_common, libdes) have no init: check them as loaded
        results.stream().map(ModuleLoader.LoadResult::module).filter(m -> m.initFunction() == 0).forEach(this::checkRelocations);
        assertTrue(order.indexOf("blowfish_common") < order.indexOf("blowfish_generic"), order.toString());
        assertTrue(order.indexOf("libdes") < order.indexOf("des_generic"), order.toString());
        assertEquals(8, checked.size(), checked.toString());
        int relocations = results.stream().mapToInt(r -> r.module().relocations().size()).sum();
        System.out.println("real crypto modules: " + order + ", " + relocations + " relocations checked against readelf");
        for (ModuleLoader.LoadResult r : results) {
            assertEquals(LoadedModule.State.LIVE, r.module().state());
            assertEquals(0, r.module().initBase(), "init part freed");
            assertEquals(kernel.abi.constant("MODULE_STATE_LIVE"), guestState(r.module()));
        }
    }

    private int guestState(LoadedModule module) {
        byte[] b = new byte[4];
        kernel.memory.readHost(module.thisModule() + kernel.abi.struct("module").offset("state"), b, 0, 4);
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }

    private void checkRelocations(LoadedModule module) {
        String path = MODULES.stream().filter(p -> Path.of(p).getFileName().toString().equals(module.name())).findFirst().orElseThrow();
        Path file = TestKernel.MODULES.resolve(path + ".ko");
        ReadElf elf = ReadElf.of(file);
        byte[] bytes = TestKernel.module(path);
        ModuleFile parsed = ModuleFile.parse(module.name(), bytes, kernel.abi);
        Map<String, ModuleFile.Section> byName = new HashMap<>();
        for (ModuleFile.Section s : parsed.sections()) byName.put(s.name(), s);
        int count = 0;
        for (ReadElf.Reloc r : elf.relocations) {
            String target = r.section().substring(".rel".length());
            if (module.sectionAddress(target).isEmpty()) continue;  // not loaded: never relocated
            ReadElf.Symbol symbol = elf.symbols.get(r.symbol());
            long s;
            String home = elf.sectionOf(symbol);
            if (symbol.ndx().equals("UND")) {
                s = Integer.toUnsignedLong(kernel.host.resolve(symbol.name())
                        .or(() -> kernel.registry.resolve(symbol.name())).orElseThrow().address());
            } else if (home != null) {
                s = Integer.toUnsignedLong(module.sectionAddress(home).orElseThrow()) + symbol.value();
            } else {
                s = symbol.value();
            }
            ModuleFile.Section section = byName.get(target);
            int fileAt = (int) (section.offset() + r.offset());
            long addend = (bytes[fileAt] & 0xff) | (bytes[fileAt + 1] & 0xff) << 8 | (bytes[fileAt + 2] & 0xff) << 16
                    | (long) (bytes[fileAt + 3] & 0xff) << 24;
            long place = Integer.toUnsignedLong(module.sectionAddress(target).getAsInt()) + r.offset();
            long expected = switch (r.type()) {
                case "R_386_32" -> s + addend;
                case "R_386_PC32", "R_386_PLT32" -> s + addend - place;
                default -> throw new AssertionError("readelf shows " + r.type() + " in " + module.name());
            };
            byte[] word = new byte[4];
            kernel.memory.readHost((int) place, word, 0, 4);
            int actual = (word[0] & 0xff) | (word[1] & 0xff) << 8 | (word[2] & 0xff) << 16 | (word[3] & 0xff) << 24;
            assertEquals((int) expected, actual, module.name() + " " + r);
            count++;
        }
        assertEquals(count, module.relocations().size(), module.name() + ": relocations applied");
        assertTrue(count > 0);
        // init and exit as readelf sees init_module / cleanup_module
        for (ReadElf.Symbol symbol : elf.symbols.values()) {
            if (symbol.name().equals("init_module")) {
                assertEquals(module.sectionAddress(elf.sectionOf(symbol)).getAsInt() + (int) symbol.value(), module.initFunction());
            }
            if (symbol.name().equals("cleanup_module")) {
                assertEquals(module.sectionAddress(elf.sectionOf(symbol)).getAsInt() + (int) symbol.value(), module.exitFunction());
            }
        }
        checked.add(module.name());
    }

    @Test
    void modinfoExportsUsersAndUnloadReturningEverything() {
        kernel = new TestKernel(verifyingLifecycle);
        int claimsBefore = kernel.owners.claims().size();
        LoadedModule common = kernel.load("crypto/blowfish_common", null);
        LoadedModule generic = kernel.load("crypto/blowfish_generic", null);
        LoadedModule md4 = kernel.load("crypto/md4", null);

        assertEquals("MD4 Message Digest Algorithm", md4.modInfo().description().orElseThrow());
        assertEquals("GPL", md4.modInfo().license().orElseThrow());
        assertEquals(List.of("crypto-md4", "md4"), md4.modInfo().aliases());
        assertEquals(kernel.abi.vermagic(), md4.modInfo().vermagic().orElseThrow());
        assertEquals(List.of("blowfish_common"), generic.modInfo().depends());

        KernelSymbols.Export setkey = kernel.registry.resolve("blowfish_setkey").orElseThrow();
        assertTrue(setkey.gplOnly());
        assertEquals(KernelSymbols.Export.Kind.FUNCTION, setkey.kind());
        assertEquals("blowfish_common", setkey.provider());
        ReadElf elf = ReadElf.of(TestKernel.MODULES.resolve("crypto/blowfish_common.ko"));
        ReadElf.Symbol symbol = elf.symbols.values().stream().filter(s -> s.name().equals("blowfish_setkey")).findFirst().orElseThrow();
        assertEquals(common.sectionAddress(elf.sectionOf(symbol)).getAsInt() + (int) symbol.value(), setkey.address());

        assertEquals(java.util.Set.of(generic), common.users());
        assertEquals(java.util.Set.of(common), generic.uses());
        assertEquals(Protection.KERNEL_READ_EXECUTE, kernel.memory.protection(md4.sectionAddress(".text").getAsInt()));
        assertEquals(Protection.KERNEL_READ_WRITE, kernel.memory.protection(md4.sectionAddress(".data").getAsInt()));
        assertTrue(kernel.registry.moduleAt(md4.sectionAddress(".text").getAsInt() + 3).orElseThrow() == md4);

        ModuleLoadException inUse = assertThrows(ModuleLoadException.class, () -> kernel.loader.unload("blowfish_common"));
        assertEquals("blowfish_common: in use by [blowfish_generic]", inUse.getMessage());
        assertTrue(md4.get());
        assertThrows(ModuleLoadException.class, () -> kernel.loader.unload("md4"));
        md4.put();

        kernel.loader.unload("blowfish_generic");
        kernel.loader.unload("blowfish_common");
        kernel.loader.unload("md4");
        assertEquals(List.of("exit blowfish_generic", "exit md4"), // blowfish_common has no exit function
                checked.stream().filter(c -> c.startsWith("exit")).toList());
        assertEquals(LoadedModule.State.GONE, md4.state());
        assertTrue(kernel.registry.modules().isEmpty());
        assertTrue(kernel.registry.resolve("blowfish_setkey").isEmpty());
        assertEquals(0, kernel.kernel.allocatedBytes(KernelRegion.MODULES));
        assertEquals(claimsBefore, kernel.owners.claims().size());
        assertFalse(kernel.memory.isMapped(md4.coreBase()));
    }

    @Test
    void initFailureLeavesNothingAndInitMemoryIsFreedAfterSuccess() {
        kernel = new TestKernel(new ModuleLifecycle() {
            @Override public int callInit(LoadedModule module, int address) {
                assertTrue(kernel.memory.isMapped(module.initBase()), "init part mapped while init runs");
                return module.name().equals("md4") ? -19 : 0;
            }
            @Override public void callExit(LoadedModule module, int address) { }
        });
        ModuleLoadException e = assertThrows(ModuleLoadException.class, () -> kernel.load("crypto/md4", null));
        assertEquals("md4: init failed with error -19", e.getMessage());
        assertEquals(0, kernel.kernel.allocatedBytes(KernelRegion.MODULES));
        LoadedModule crc = kernel.load("crypto/crc32_generic", null);
        assertEquals(crc.coreSize(), kernel.kernel.allocatedBytes(KernelRegion.MODULES), "only the core part remains");
    }
}
