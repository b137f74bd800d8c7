package ukcf.kernel.module;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ukcf.cpu.memory.Protection;
import ukcf.kernel.memory.KernelAddressSpace;
import ukcf.kernel.memory.KernelRegion;

/**
 * The host kernel's export table (EXPORT_SYMBOL / EXPORT_SYMBOL_GPL of the modeled kernel). The kernel API declares
 * each export here once: a function gets a unique address in the host-symbol range that exists only to be
 * recognised by the jump monitor; a data symbol gets real supervisor memory in the host-data region (drivers read
 * and write {@code pv_ops}, {@code __stack_chk_guard}, {@code kmalloc_caches} directly).
 */
public final class HostKernelExports implements KernelSymbols {
    public static final String PROVIDER = "host kernel";

    private final KernelAddressSpace kernel;
    private final Map<String, Export> exports = new LinkedHashMap<>();
    private final Map<Integer, Export> byAddress = new LinkedHashMap<>();

    public HostKernelExports(KernelAddressSpace kernel) {
        this.kernel = kernel;
    }

    /** Exports host function {@code name}; returns its address in the host-symbol range. */
    public synchronized Export exportFunction(String name, boolean gplOnly) {
        return add(new Export(name, kernel.reserveHostSymbolAddress(), gplOnly, Export.Kind.FUNCTION, PROVIDER));
    }

    /** Exports a data symbol of {@code size} bytes backed by zeroed supervisor read-write memory; returns it. */
    public synchronized Export exportData(String name, int size, boolean gplOnly) {
        int address = kernel.allocate(KernelRegion.HOST_DATA, size, Protection.KERNEL_READ_WRITE);
        return add(new Export(name, address, gplOnly, Export.Kind.DATA, PROVIDER));
    }

    private Export add(Export export) {
        if (exports.containsKey(export.name())) throw new IllegalStateException("host symbol " + export.name() + " exported twice");
        exports.put(export.name(), export);
        byAddress.put(export.address(), export);
        return export;
    }

    @Override
    public synchronized Optional<Export> resolve(String name) {
        return Optional.ofNullable(exports.get(name));
    }

    /** The export at exactly {@code address} (a host function's address or a data symbol's start). */
    public synchronized Optional<Export> exportAt(int address) {
        return Optional.ofNullable(byAddress.get(address));
    }

    public synchronized Collection<Export> all() {
        return List.copyOf(exports.values());
    }
}
