package ukcf.kernel.module;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import ukcf.cpu.memory.AddressSpace;
import ukcf.kernel.abi.KernelAbi;
import ukcf.kernel.memory.KernelAddressSpace;
import ukcf.kernel.memory.KernelRegion;
import ukcf.monitor.AddressOwnershipMap;

/**
 * insmod arguments applied to real Debian modules' parameters: hangcheck-timer (four int parameters, defaults 180
 * and 60 in its source), iris (a bool), tcp_dctcp (a uint), pci-stub (a string into its own buffer), speakup_dummy
 * (a charp: a kernel-heap copy, freed at unload). Imports resolve to fresh host addresses, created on
 * demand: these modules are loaded, never run.
 */
class ModuleParametersTest {
    private final KernelAddressSpace kernel = new KernelAddressSpace(new AddressSpace(), new AddressOwnershipMap());
    private final HostKernelExports host = new HostKernelExports(kernel);
    private final KernelSymbols anyName = new KernelSymbols() {
        @Override public Optional<Export> resolve(String name) {
            return Optional.of(host.resolve(name).orElseGet(() -> host.exportFunction(name, false)));
        }
        @Override public boolean isBuiltin(String module) { return module.equals("speakup"); }
    };
    /** Runs while a module's init would run (its init data, where some parameters live, is still mapped). */
    private java.util.function.Consumer<LoadedModule> duringInit = module -> { };
    private final ModuleLoader loader = new ModuleLoader(KernelAbi.debian686(), kernel, anyName, new ModuleRegistry(),
            new ModuleLifecycle() {
                @Override public int callInit(LoadedModule module, int address) {
                    duringInit.accept(module);
                    return 0;
                }
                @Override public void callExit(LoadedModule module, int address) { }
            });

    private ModuleLoader.LoadResult load(String path, String arguments) {
        return loader.load(path.substring(path.lastIndexOf('/') + 1) + ".ko", TestKernel.module(path), arguments);
    }

    private int variable(LoadedModule module, String parameter, int size) {
        ModuleParameters.Parameter p = module.parameters().stream().filter(x -> x.name().equals(parameter)).findFirst().orElseThrow();
        byte[] bytes = new byte[size];
        kernel.memory().readHost(p.argument(), bytes, 0, size);
        int value = 0;
        for (int i = size - 1; i >= 0; i--) value = value << 8 | (bytes[i] & 0xff);
        return value;
    }

    @Test
    void defaultsStayAndArgumentsAreApplied() {
        LoadedModule plain = load("drivers/char/hangcheck-timer", null).module();
        assertEquals(java.util.Set.of("hangcheck_tick", "hangcheck_margin", "hangcheck_reboot", "hangcheck_dump_tasks"),
                plain.parameters().stream().map(ModuleParameters.Parameter::name).collect(java.util.stream.Collectors.toSet()));
        assertTrue(plain.parameters().stream().allMatch(p -> p.type() == ParameterType.INT));
        assertEquals(180, variable(plain, "hangcheck_tick", 4));
        assertEquals(60, variable(plain, "hangcheck_margin", 4));
        loader.unload("hangcheck_timer");

        ModuleLoader.LoadResult set = load("drivers/char/hangcheck-timer", "hangcheck_tick=0x78 hangcheck-margin=-5 bogus=1");
        assertEquals(120, variable(set.module(), "hangcheck_tick", 4));
        assertEquals(-5, variable(set.module(), "hangcheck_margin", 4));
        assertEquals(List.of("hangcheck_timer: unknown parameter 'bogus' ignored"), set.warnings());
        loader.unload("hangcheck_timer");

        LoadedModule iris = load("arch/x86/platform/iris/iris", "force").module();
        assertEquals(ParameterType.BOOL, iris.parameters().get(0).type());
        assertEquals(1, variable(iris, "force", 1));
        LoadedModule dctcp = load("net/ipv4/tcp_dctcp", "dctcp_alpha_on_init=4294967295").module();
        assertEquals(ParameterType.UINT, dctcp.parameters().get(0).type());
        assertEquals(ParameterType.CUSTOM, dctcp.parameters().get(1).type(), "dctcp_shift_g: module_param_cb with its own ops");
        assertEquals(-1, variable(dctcp, "dctcp_alpha_on_init", 4));
    }

    private String stringAt(int address) {
        StringBuilder text = new StringBuilder();
        for (int at = address; ; at++) {
            byte[] b = new byte[1];
            kernel.memory().readHost(at, b, 0, 1);
            if (b[0] == 0) return text.toString();
            text.append((char) b[0]);
        }
    }

    @Test
    void stringAndCharpParameters() {
        String[] seen = new String[1];
        duringInit = module -> {
            ModuleParameters.Parameter ids = module.parameters().get(0);
            assertEquals(ParameterType.STRING, ids.type());
            byte[] descriptor = new byte[8];  // struct kparam_string: maxlen, then the buffer (ids[], __initdata)
            kernel.memory().readHost(ids.argument() + KernelAbi.debian686().struct("kparam_string").offset("string"), descriptor, 0, 4);
            int buffer = (descriptor[0] & 0xff) | (descriptor[1] & 0xff) << 8 | (descriptor[2] & 0xff) << 16 | (descriptor[3] & 0xff) << 24;
            assertTrue(module.contains(buffer), "module_param_string writes into the module's own buffer");
            seen[0] = stringAt(buffer);
        };
        load("drivers/pci/pci-stub", "ids=8086:1237,1af4:1000");
        assertEquals("8086:1237,1af4:1000", seen[0]);
        duringInit = module -> { };
        loader.unload("pci_stub");
        ModuleLoadException tooLong = assertThrows(ModuleLoadException.class,
                () -> load("drivers/pci/pci-stub", "ids=" + "x".repeat(1024)));
        assertEquals("pci_stub: string parameter 'ids' is too long (max 1023)", tooLong.getMessage());

        LoadedModule dummy = load("drivers/accessibility/speakup/speakup_dummy", "dev=ttyS1").module();
        ModuleParameters.Parameter dev = dummy.parameters().stream().filter(p -> p.name().equals("dev")).findFirst().orElseThrow();
        assertEquals(ParameterType.CHARP, dev.type());
        int copy = variable(dummy, "dev", 4);
        assertTrue(KernelRegion.KERNEL_HEAP.contains(copy), "charp points at a kernel-heap copy");
        assertEquals("ttyS1", stringAt(copy));
        assertTrue(kernel.allocatedBytes(KernelRegion.KERNEL_HEAP) > 0);
        loader.unload("speakup_dummy");
        assertEquals(0, kernel.allocatedBytes(KernelRegion.KERNEL_HEAP), "the copy is freed with the module");
    }

    @Test
    void invalidValuesRefuseTheModule() {
        String[][] cases = {
                {"drivers/char/hangcheck-timer", "hangcheck_tick=abc", "hangcheck_timer: 'abc' invalid for parameter 'hangcheck_tick'"},
                {"drivers/char/hangcheck-timer", "hangcheck_tick=2147483648", "'2147483648' invalid for parameter 'hangcheck_tick'"},
                {"drivers/char/hangcheck-timer", "hangcheck_tick", "'null' invalid for parameter 'hangcheck_tick'"},
                {"arch/x86/platform/iris/iris", "force=maybe", "iris: 'maybe' invalid for parameter 'force'"},
                {"net/ipv4/tcp_dctcp", "dctcp_alpha_on_init=-1", "tcp_dctcp: '-1' invalid for parameter 'dctcp_alpha_on_init'"},
                {"net/ipv4/tcp_dctcp", "dctcp_shift_g=3", "parameter 'dctcp_shift_g' has the module's own set function"},
        };
        for (String[] c : cases) {
            ModuleLoadException e = assertThrows(ModuleLoadException.class, () -> load(c[0], c[1]), c[1]);
            assertTrue(e.getMessage().contains(c[2]), e.getMessage());
            assertEquals(0, kernel.allocatedBytes(KernelRegion.MODULES), "nothing left of " + c[0]);
        }
    }
}
