package ukcf.kernel.memory;

/**
 * The fixed regions of the guest kernel half (Linux i386 3G/1G split: the kernel owns 0xC0000000 and up). These
 * are ukcf's own choices, not the host kernel's ABI: a real i386 kernel puts its direct map at PAGE_OFFSET and
 * modules in the vmalloc area near the top, and the modules' code never depends on where either is.
 */
public enum KernelRegion {
    /** One address per exported host-kernel function; never mapped, only recognised by the jump monitor. */
    HOST_SYMBOLS(0xC000_0000, 0x0100_0000),
    /** Real memory behind exported host-kernel data symbols (pv_ops, __stack_chk_guard, kmalloc_caches...). */
    HOST_DATA(0xC100_0000, 0x0100_0000),
    /** kmalloc, vmalloc and page allocations of the modeled kernel. */
    KERNEL_HEAP(0xC200_0000, 0x2E00_0000),
    /** Module images (core and init parts). */
    MODULES(0xF000_0000, 0x0F00_0000);

    /** The first kernel address; everything below belongs to user space. */
    public static final int KERNEL_BASE = 0xC000_0000;

    private final int base;
    private final int size;

    KernelRegion(int base, int size) {
        this.base = base;
        this.size = size;
    }

    public int base() { return base; }

    public long size() { return Integer.toUnsignedLong(size); }

    /** The first address past the region, as an unsigned value. */
    public long end() { return Integer.toUnsignedLong(base) + size(); }

    public boolean contains(int address) {
        long at = Integer.toUnsignedLong(address);
        return at >= Integer.toUnsignedLong(base) && at < end();
    }
}
