package ukcf.kernel.api;

import ukcf.kernel.memory.KernelHeap;

/**
 * The kernel's allocators as drivers call them (mm/slab_common.c, mm/vmalloc.c, mm/util.c), over the
 * {@link KernelHeap}: every kmalloc variant is one allocation of the size asked for, zeroed (so __GFP_ZERO is
 * always honoured); kfree of a pointer that was never allocated is the driver's bug, reported as an oops.
 */
final class MemoryExports {
    private MemoryExports() { }

    @KernelExport(name = "__kmalloc")
    static int kmalloc(KernelCall c, int size, int flags) { return heap(c).allocate(Integer.toUnsignedLong(size)); }

    @KernelExport(name = "kmalloc_trace")
    static int kmallocTrace(KernelCall c, int cache, int flags, int size) { return heap(c).allocate(Integer.toUnsignedLong(size)); }

    @KernelExport(name = "kmalloc_large")
    static int kmallocLarge(KernelCall c, int size, int flags) { return heap(c).allocate(Integer.toUnsignedLong(size)); }

    @KernelExport(name = "__kmalloc_node")
    static int kmallocNode(KernelCall c, int size, int flags, int node) { return heap(c).allocate(Integer.toUnsignedLong(size)); }

    @KernelExport(name = "kvmalloc_node")
    static int kvmallocNode(KernelCall c, int size, int flags, int node) { return heap(c).allocate(Integer.toUnsignedLong(size)); }

    @KernelExport(name = "vmalloc")
    static int vmalloc(KernelCall c, int size) { return heap(c).allocate(Integer.toUnsignedLong(size)); }

    @KernelExport(name = "vzalloc")
    static int vzalloc(KernelCall c, int size) { return heap(c).allocate(Integer.toUnsignedLong(size)); }

    @KernelExport(name = "kfree")
    static void kfree(KernelCall c, int address) { free(c, address); }

    @KernelExport(name = "kfree_sensitive")
    static void kfreeSensitive(KernelCall c, int address) { free(c, address); }

    @KernelExport(name = "kvfree")
    static void kvfree(KernelCall c, int address) { free(c, address); }

    @KernelExport(name = "vfree")
    static void vfree(KernelCall c, int address) { free(c, address); }

    @KernelExport(name = "ksize")
    static int ksize(KernelCall c, int address) { return Math.max(0, heap(c).size(address)); }

    /** krealloc: a new allocation with the old bytes, the old one freed; NULL keeps the old one on failure. */
    @KernelExport(name = "krealloc")
    static int krealloc(KernelCall c, int address, int size, int flags) {
        if (address == 0 || address == KernelHeap.ZERO_SIZE_PTR) return heap(c).allocate(Integer.toUnsignedLong(size));
        if (size == 0) {
            free(c, address);
            return KernelHeap.ZERO_SIZE_PTR;
        }
        int old = heap(c).size(address);
        if (old < 0) throw new KernelOops("krealloc of 0x" + Integer.toHexString(address) + ", which kmalloc never returned");
        int fresh = heap(c).allocate(Integer.toUnsignedLong(size));
        if (fresh == 0) return 0;
        GuestBytes.write(c.memory(), fresh, GuestBytes.read(c.memory(), address, Math.min(old, size)));
        free(c, address);
        return fresh;
    }

    private static void free(KernelCall c, int address) {
        if (!heap(c).free(address)) {
            throw new KernelOops("kfree of 0x" + Integer.toHexString(address) + ", which kmalloc never returned, from "
                    + RuntimeExports.symbolize(c, c.returnAddress()));
        }
    }

    private static KernelHeap heap(KernelCall c) { return c.kernel().modules().heap(); }
}
