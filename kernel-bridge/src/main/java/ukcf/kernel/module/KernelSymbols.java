package ukcf.kernel.module;

import java.util.Optional;

/**
 * Where the loader finds what a module imports: the host kernel's exports (filled by the kernel API: each exported
 * function gets an address in the host-symbol range, each exported data symbol real memory) and, through the
 * {@link ModuleRegistry}, the exports of loaded modules.
 */
public interface KernelSymbols {
    /** An export: its address, whether only GPL-compatible modules may use it, and who provides it. */
    record Export(String name, int address, boolean gplOnly, Kind kind, String provider) {
        public enum Kind { FUNCTION, DATA }
    }

    /** The export called {@code name}, if any. */
    Optional<Export> resolve(String name);
}
