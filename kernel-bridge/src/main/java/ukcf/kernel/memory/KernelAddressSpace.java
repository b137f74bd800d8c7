package ukcf.kernel.memory;

import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;

import ukcf.cpu.memory.AddressSpace;
import ukcf.cpu.memory.Protection;
import ukcf.monitor.AddressOwner;
import ukcf.monitor.AddressOwnershipMap;

/**
 * The kernel half of the guest address space, shared by the module loader, the kernel API (kmalloc, exported data)
 * and the jump monitor. Allocations are whole supervisor pages of one {@link KernelRegion}, mapped in the cpu-sim
 * {@link AddressSpace} with the protection asked for; freeing unmaps them, so a stale pointer into freed kernel
 * memory is a guest page fault rather than silent reuse of old bytes.
 *
 * <p>Ownership: the fixed regions (host symbols, host data, heap) are claimed once here; module parts are claimed
 * by their loader with the module's name, because only it knows the owner.
 */
public final class KernelAddressSpace {
    /** Host-symbol addresses are this far apart, so an address plus a small offset still names its symbol. */
    public static final int HOST_SYMBOL_STRIDE = 16;

    private final AddressSpace memory;
    private final AddressOwnershipMap owners;
    private final Map<KernelRegion, RegionAllocator> allocators = new EnumMap<>(KernelRegion.class);
    private int nextHostSymbol = KernelRegion.HOST_SYMBOLS.base();

    public KernelAddressSpace(AddressSpace memory, AddressOwnershipMap owners) {
        this.memory = memory;
        this.owners = owners;
        for (KernelRegion region : KernelRegion.values()) {
            allocators.put(region, new RegionAllocator(Integer.toUnsignedLong(region.base()), region.size()));
        }
        owners.claim(KernelRegion.HOST_SYMBOLS.base(), KernelRegion.HOST_SYMBOLS.size(),
                new AddressOwner(AddressOwner.Kind.HOST_SYMBOLS, "host kernel functions"));
        owners.claim(KernelRegion.HOST_DATA.base(), KernelRegion.HOST_DATA.size(),
                new AddressOwner(AddressOwner.Kind.HOST_DATA, "host kernel data"));
        owners.claim(KernelRegion.KERNEL_HEAP.base(), KernelRegion.KERNEL_HEAP.size(),
                new AddressOwner(AddressOwner.Kind.KERNEL_HEAP, "kernel heap"));
    }

    public AddressSpace memory() { return memory; }

    public AddressOwnershipMap owners() { return owners; }

    /**
     * Maps {@code length} bytes (rounded up to pages, at least one) of {@code region} with supervisor
     * {@code protection} and returns the base address; fails with {@link KernelMemoryExhausted} when the region is full.
     */
    public int allocate(KernelRegion region, long length, int protection) {
        if (region == KernelRegion.HOST_SYMBOLS) throw new IllegalArgumentException("host-symbol addresses are never mapped");
        if ((protection & Protection.USER) != 0) throw new IllegalArgumentException("kernel pages are supervisor pages");
        long pages = Math.max(1, (length + AddressSpace.PAGE_OFFSET_MASK) >>> AddressSpace.PAGE_SHIFT);
        long bytes = pages << AddressSpace.PAGE_SHIFT;
        OptionalLong start = allocators.get(region).allocate(bytes);
        if (start.isEmpty()) throw new KernelMemoryExhausted(region, length);
        int base = (int) start.getAsLong();
        memory.map(base, bytes, protection);
        return base;
    }

    /** Unmaps and frees the allocation that starts at {@code base}. */
    public void free(KernelRegion region, int base) {
        long length = allocators.get(region).free(Integer.toUnsignedLong(base));
        memory.unmap(base, length);
    }

    /** Bytes currently allocated in {@code region} (whole pages). */
    public long allocatedBytes(KernelRegion region) {
        return allocators.get(region).allocatedBytes();
    }

    /** A fresh address in the host-symbol range for one exported host-kernel function. */
    public int reserveHostSymbolAddress() {
        return reserveHostSymbolRange(HOST_SYMBOL_STRIDE);
    }

    /**
     * Reserves {@code length} bytes of the host-symbol range for a table that hands out function addresses itself
     * (the kernel API's export table gets its [base, base + length) here), so two tables never share an address.
     */
    public synchronized int reserveHostSymbolRange(long length) {
        long rounded = (length + HOST_SYMBOL_STRIDE - 1) & -HOST_SYMBOL_STRIDE;
        if (length <= 0 || Integer.toUnsignedLong(nextHostSymbol) + rounded > KernelRegion.HOST_SYMBOLS.end()) {
            throw new KernelMemoryExhausted(KernelRegion.HOST_SYMBOLS, length);
        }
        int base = nextHostSymbol;
        nextHostSymbol += (int) rounded;
        return base;
    }

    /** A region has no free run long enough. */
    public static final class KernelMemoryExhausted extends RuntimeException {
        public KernelMemoryExhausted(KernelRegion region, long length) {
            super("kernel region " + region.name().toLowerCase() + " has no room for " + length + " bytes");
        }
    }
}
