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
 * and 60 in its source), iris (a bool), tcp_dctcp (a uint). Imports resolve to fresh host addresses, created on
 * demand: these modules are loaded, never run.
 */
class ModuleParametersTest {
    private final KernelAddressSpace kernel = new KernelAddressSpace(new AddressSpace(), new AddressOwnershipMap());
    private final HostKernelExports host = new HostKernelExports(kernel);
    private final KernelSymbols anyName = name -> Optional.of(host.resolve(name).orElseGet(() -> host.exportFunction(name, false)));
    private final ModuleLoader loader = new ModuleLoader(KernelAbi.debian686(), kernel, anyName, new ModuleRegistry(),
            ModuleLifecycle.NO_CODE);

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
