package ukcf.kernel.module;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import ukcf.cpu.memory.AddressSpace;
import ukcf.kernel.abi.KernelAbi;
import ukcf.kernel.memory.KernelAddressSpace;
import ukcf.kernel.memory.KernelRegion;
import ukcf.monitor.AddressOwnershipMap;

/**
 * Every module of Debian's 686 kernel loaded (alone, every import resolving to a fresh host address, every
 * dependency taken as built in) and unloaded again, after validation and layout: none may crash the loader, and each refusal
 * must be a named {@link ModuleLoadException}. The counts are printed (and the refusals by reason).
 *
 * <p>Every module of Debian's 686 kernel through validation and layout: none may crash the parser, and each refusal
 * must be a named {@link ModuleLoadException}. The counts are printed (and the refusals by reason).
 */
class AllDebianModulesTest {
    /** Any name resolves (host functions created on demand); every dependency counts as built in. */
    private record EveryName(HostKernelExports host) implements KernelSymbols {
        @Override public Optional<Export> resolve(String name) {
            return Optional.of(host.resolve(name).orElseGet(() -> host.exportFunction(name, false)));
        }
        @Override public boolean defines(String name) { return false; }
        @Override public boolean isBuiltin(String module) { return true; }
    }


    /**
     * Every paravirt site of {@code module} is, as compiled, {@code call *pv_ops+slot} (ff 15 + a pv_ops address):
     * the unpatched path, right when pv_ops holds native operations. Returns the number of sites checked.
     */
    private static int checkParavirtSitesCallThroughPvOps(KernelAddressSpace kernel, LoadedModule module,
                                                          KernelSymbols.Export pvOps, KernelAbi abi) {
        int size = abi.struct("paravirt_patch_template").size();
        for (PatchSites.ParavirtSite site : module.patchSites().paravirt()) {
            byte[] code = new byte[6];
            kernel.memory().readHost(site.instruction(), code, 0, 6);
            int slot = (code[2] & 0xff) | (code[3] & 0xff) << 8 | (code[4] & 0xff) << 16 | (code[5] & 0xff) << 24;
            String where = String.format("%s site 0x%08x", module.name(), site.instruction());
            assertEquals(0xff, code[0] & 0xff, where);
            assertEquals(0x15, code[1] & 0xff, where);
            assertTrue(slot - pvOps.address() >= 0 && slot - pvOps.address() < size, where + " slot " + Integer.toHexString(slot));
        }
        return module.patchSites().paravirt().size();
    }

    private static int duplicateNames(List<String> names) {
        return names.size() - new java.util.HashSet<>(names).size();
    }

    @Test
    void everyModuleValidatesOrIsRefusedForANamedReason() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(TestKernel.MODULES), "Debian's 686 modules are not fetched: " + TestKernel.MODULES);
        KernelAbi abi = KernelAbi.debian686();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(TestKernel.MODULES)) {
            files = walk.filter(p -> p.toString().endsWith(".ko")).sorted().toList();
        }
        KernelAddressSpace kernel = new KernelAddressSpace(new AddressSpace(), new AddressOwnershipMap());
        HostKernelExports host = new HostKernelExports(kernel);
        KernelSymbols.Export pvOps = host.exportData("pv_ops", abi.struct("paravirt_patch_template").size(), false);
        long[] paravirtSites = {0};
        ModuleLifecycle checkPatchSites = new ModuleLifecycle() {
            @Override public int callInit(LoadedModule module, int address) {
                paravirtSites[0] += checkParavirtSitesCallThroughPvOps(kernel, module, pvOps, abi);
                return 0;
            }
            @Override public void callExit(LoadedModule module, int address) { }
        };
        ModuleLoader loader = new ModuleLoader(abi, kernel, new EveryName(host), new ModuleRegistry(), checkPatchSites);
        List<String> loaded = new ArrayList<>();
        List<LoadedModule> permanent = new ArrayList<>();
        long jumpEntries = 0, exports = 0, parameters = 0, alternatives = 0;
        int accepted = 0;
        long relocations = 0, sections = 0;
        Map<String, Integer> refusals = new TreeMap<>();
        for (Path file : files) {
            try {
                ModuleFile module = ModuleFile.parse(file.getFileName().toString(), Files.readAllBytes(file), abi);
                ModuleLayout.of(module);
                LoadedModule live = loader.load(file.getFileName().toString(), Files.readAllBytes(file), null).module();
                loaded.add(live.name());
                jumpEntries += live.jumpEntries().size();
                exports += live.exports().size();
                parameters += live.parameters().size();
                alternatives += live.patchSites().alternatives().size();
                if (live.initFunction() == 0) paravirtSites[0] += checkParavirtSitesCallThroughPvOps(kernel, live, pvOps, abi);
                if (live.initFunction() != 0 && live.exitFunction() == 0) {
                    permanent.add(live);  // Linux cannot unload these either
                    ModuleLoadException refused = assertThrows(ModuleLoadException.class, () -> loader.unload(live.name()));
                    assertTrue(refused.getMessage().endsWith("has an init function but no exit function: it cannot be unloaded"));
                } else {
                    loader.unload(live.name());
                }
                accepted++;
                relocations += module.relocations().size();
                sections += module.sections().size();
            } catch (ModuleLoadException e) {
                refusals.merge(e.reason().replaceAll("0x[0-9a-f]+|\\d+", "N"), 1, Integer::sum);
            }
        }
        System.out.printf("Debian 686 modules: %d files, %d validated, loaded and unloaded (%d sections, %d relocations,"
                + " %d exports, %d parameters, %d static-branch sites), %d refused %s%n", files.size(), accepted, sections,
                relocations, exports, parameters, jumpEntries, files.size() - accepted, refusals);
        assertEquals(permanent.stream().mapToLong(LoadedModule::coreSize).sum(), kernel.allocatedBytes(KernelRegion.MODULES),
                "every unload returned its memory");
        System.out.printf("  %d of them have an init but no exit and stay loaded, as in Linux; %d paravirt sites, each an"
                + " indirect call through pv_ops as compiled; %d alternatives left as compiled%n", permanent.size(),
                paravirtSites[0], alternatives);
        assertTrue(paravirtSites[0] > 0);
        assertEquals(files.size(), new java.util.HashSet<>(loaded).size() + duplicateNames(loaded), "each module once");
        assertTrue(files.size() > 4000, "the whole kernel package: " + files.size());
        assertEquals(files.size(), accepted, "refused: " + refusals);
    }
}
