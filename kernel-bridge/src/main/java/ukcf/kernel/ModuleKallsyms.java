package ukcf.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

import ukcf.kernel.log.SymbolNamer;
import ukcf.kernel.module.LoadedModule;
import ukcf.kernel.module.ModuleFile;

/**
 * The function symbols of loaded modules (Linux's per-module kallsyms), so that oops reports, %pS and traces name
 * {@code blowfish_encrypt+0x13/0x2a0 [blowfish_generic]} rather than an address. A symbol is kept as its section
 * and offset and placed through the module's section addresses, which exist only once the loader has laid it out.
 */
final class ModuleKallsyms {
    private static final int STT_FUNC = 2;

    private record FunctionSymbol(String name, String section, int value, int size) { }

    private final Map<String, List<FunctionSymbol>> byModule = new ConcurrentHashMap<>();
    private volatile List<FunctionSymbol> loading = List.of();

    /** The functions of the module being loaded now (its init may fail and need naming before it has a name here). */
    void loading(ModuleFile file) {
        List<FunctionSymbol> functions = new ArrayList<>();
        for (ModuleFile.Symbol s : file.symbols()) {
            if (s.type() != STT_FUNC || s.isUndefined() || s.isAbsolute() || s.name().isEmpty()) continue;
            functions.add(new FunctionSymbol(s.name(), file.section(s.sectionIndex()).name(), s.value(), s.size()));
        }
        loading = functions;
    }

    void loaded(LoadedModule module) {
        byModule.put(module.name(), loading);
        loading = List.of();
    }

    void failed() { loading = List.of(); }

    void unloaded(String module) { byModule.remove(module); }

    /** The function of {@code module} holding {@code address}, or the module part when no symbol covers it. */
    SymbolNamer.Symbol lookup(LoadedModule module, int address) {
        List<FunctionSymbol> functions = byModule.getOrDefault(module.name(), loading);
        for (FunctionSymbol f : functions) {
            OptionalInt section = module.sectionAddress(f.section());
            if (section.isEmpty()) continue;
            int start = section.getAsInt() + f.value();
            if (Integer.toUnsignedLong(address - start) < Math.max(1, f.size())) {
                return new SymbolNamer.Symbol(f.name(), start, f.size(), module.name());
            }
        }
        boolean core = Integer.toUnsignedLong(address - module.coreBase()) < module.coreSize();
        return core ? new SymbolNamer.Symbol(".core", module.coreBase(), module.coreSize(), module.name())
                : new SymbolNamer.Symbol(".init", module.initBase(), module.initSize(), module.name());
    }
}
