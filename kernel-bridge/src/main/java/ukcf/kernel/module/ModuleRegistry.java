package ukcf.kernel.module;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The loaded modules (Linux's {@code modules} list) and the symbols they export: the module half of symbol
 * resolution, next to the host kernel's exports. Only {@link ModuleLoader} changes it.
 */
public final class ModuleRegistry implements KernelSymbols {
    private final Map<String, LoadedModule> modules = new LinkedHashMap<>();
    private final Map<String, KernelSymbols.Export> exports = new HashMap<>();

    public synchronized Optional<LoadedModule> module(String name) {
        return Optional.ofNullable(modules.get(name));
    }

    /** Loaded modules in load order. */
    public synchronized List<LoadedModule> modules() {
        return new ArrayList<>(modules.values());
    }

    @Override
    public synchronized Optional<Export> resolve(String name) {
        return Optional.ofNullable(exports.get(name));
    }

    /** The module holding {@code address} in its core or init part. */
    /** The module whose {@code struct module} (its this_module) is at {@code thisModule}: owner fields name it so. */
    public synchronized Optional<LoadedModule> byThisModule(int thisModule) {
        if (thisModule == 0) return Optional.empty();
        return modules().stream().filter(m -> m.thisModule() == thisModule).findFirst();
    }

    public synchronized Optional<LoadedModule> moduleAt(int address) {
        return modules.values().stream().filter(m -> m.contains(address)).findFirst();
    }

    synchronized void add(LoadedModule module) {
        modules.put(module.name(), module);
        for (Export export : module.exports()) exports.put(export.name(), export);
        for (LoadedModule used : module.uses()) used.addUser(module);
    }

    synchronized void remove(LoadedModule module) {
        modules.remove(module.name());
        for (Export export : module.exports()) exports.remove(export.name());
        for (LoadedModule used : module.uses()) used.removeUser(module);
    }
}
