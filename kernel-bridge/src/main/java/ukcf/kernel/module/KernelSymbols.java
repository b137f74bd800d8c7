package ukcf.kernel.module;

import java.util.List;
import java.util.Optional;

/**
 * Where the loader finds what a module imports: the host kernel's exports (filled by the kernel API: each exported
 * function gets an address in the host-symbol range, each exported data symbol real memory) and, through the
 * {@link ModuleRegistry}, the exports of loaded modules.
 */
public interface KernelSymbols {
    /**
     * An export: its address, whether only GPL-compatible modules may use it, who provides it, and its symbol
     * namespace (EXPORT_SYMBOL_NS; empty for none), which a user must import with MODULE_IMPORT_NS.
     */
    record Export(String name, int address, boolean gplOnly, Kind kind, String provider, String namespace) {
        public enum Kind { FUNCTION, DATA }

        /** An export in no namespace. */
        public Export(String name, int address, boolean gplOnly, Kind kind, String provider) {
            this(name, address, gplOnly, kind, provider, "");
        }
    }

    /** The export called {@code name}, if any. */
    Optional<Export> resolve(String name);

    /**
     * Whether {@code name} is really exported here, for the duplicate-export check: a table that resolves unknown
     * names to stubs (so that a module with unimplemented imports still loads) answers false for those.
     */
    default boolean defines(String name) {
        return resolve(name).isPresent();
    }

    /**
     * Whether module {@code name} is built into the host kernel (Linux's modules.builtin): a {@code depends=} on it
     * is satisfied without loading it, as the host implements its exports (libdes, for example, is native).
     */
    default boolean isBuiltin(String module) {
        return false;
    }

    /** Resolves from {@code sources} in order: the first that knows a name answers for it. */
    static KernelSymbols firstOf(KernelSymbols... sources) {
        List<KernelSymbols> list = List.of(sources);
        return new KernelSymbols() {
            @Override public Optional<Export> resolve(String name) {
                for (KernelSymbols source : list) {
                    Optional<Export> export = source.resolve(name);
                    if (export.isPresent()) return export;
                }
                return Optional.empty();
            }

            @Override public boolean defines(String name) {
                return list.stream().anyMatch(source -> source.defines(name));
            }

            @Override public boolean isBuiltin(String module) {
                return list.stream().anyMatch(source -> source.isBuiltin(module));
            }
        };
    }
}
