package ukcf.kernel.module;

import java.util.Optional;
import java.util.Set;

import ukcf.kernel.api.KernelExports;
import ukcf.kernel.api.KernelFunction;

/**
 * The kernel API's function table ({@code @KernelExport} methods) as the loader sees it: every imported name
 * resolves to its function's address in the host-symbol range, or to an unimplemented-import stub there (the
 * table decides; calling a stub reports its name). Exported data symbols are not functions: put a
 * {@link HostKernelExports} with real memory for them first, with {@link KernelSymbols#firstOf}.
 */
public final class KernelApiSymbols implements KernelSymbols {
    private final KernelExports functions;
    private final Set<String> builtinModules;

    /** {@code builtinModules}: modules whose exports the API implements natively (their depends= need no load). */
    public KernelApiSymbols(KernelExports functions, Set<String> builtinModules) {
        this.functions = functions;
        this.builtinModules = Set.copyOf(builtinModules);
    }

    @Override
    public boolean isBuiltin(String module) {
        return builtinModules.contains(module);
    }

    @Override
    public Optional<Export> resolve(String name) {
        KernelFunction function = functions.function(name);
        int address = functions.addressOf(name);
        return Optional.of(new Export(name, address, function != null && function.gpl(), Export.Kind.FUNCTION,
                HostKernelExports.PROVIDER));
    }

    /** Only implemented functions count as exported; the stubs for unimplemented imports do not. */
    @Override
    public boolean defines(String name) {
        return functions.function(name) != null;
    }
}
