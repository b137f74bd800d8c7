package ukcf.kernel.memory;

import java.util.HashMap;
import java.util.Map;

import ukcf.cpu.memory.Protection;

/**
 * kmalloc and vmalloc of the modeled kernel: every allocation is its own run of supervisor pages in the kernel-heap
 * region (drivers here allocate little: transform contexts, device state), so a use after kfree is a guest page
 * fault and an overrun past the last page is one too. Zero-size requests answer ZERO_SIZE_PTR, as Linux does.
 */
public final class KernelHeap {
    /** What kmalloc(0) returns: a non-NULL pointer that faults on use (include/linux/slab.h). */
    public static final int ZERO_SIZE_PTR = 16;

    private final KernelAddressSpace space;
    private final Map<Integer, Integer> sizes = new HashMap<>();

    public KernelHeap(KernelAddressSpace space) {
        this.space = space;
    }

    /** A fresh zeroed allocation of {@code size} bytes, or 0 when the heap is exhausted (the caller sees NULL). */
    public synchronized int allocate(long size) {
        if (size == 0) return ZERO_SIZE_PTR;
        if (size < 0 || size > KernelRegion.KERNEL_HEAP.size()) return 0;
        try {
            int address = space.allocate(KernelRegion.KERNEL_HEAP, size, Protection.KERNEL_READ_WRITE);
            sizes.put(address, (int) size);
            return address;
        } catch (KernelAddressSpace.KernelMemoryExhausted full) {
            return 0;
        }
    }

    /** Frees an allocation; NULL and ZERO_SIZE_PTR are ignored. False when {@code address} was never allocated. */
    public synchronized boolean free(int address) {
        if (address == 0 || address == ZERO_SIZE_PTR) return true;
        if (sizes.remove(address) == null) return false;
        space.free(KernelRegion.KERNEL_HEAP, address);
        return true;
    }

    /** The size asked for at {@code address}, or -1 when it is not an allocation. */
    public synchronized int size(int address) {
        return sizes.getOrDefault(address, -1);
    }

    /** Live allocations (for tests: a driver call that returns everything it took leaves the count unchanged). */
    public synchronized int count() { return sizes.size(); }
}
