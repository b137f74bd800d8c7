package ukcf.cpu.translate;

import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.interp.Operands;
import ukcf.cpu.memory.Access;
import ukcf.cpu.memory.Memory;
import ukcf.cpu.memory.PagedMemory;
import ukcf.cpu.memory.SoftTlb;

/**
 * Memory accesses of generated code that are more than one {@link Memory} call. Generated code probes the CPU
 * view's TLB inline ({@link SoftTlb}) with the ways these methods hand it at entry, and calls {@link Memory} only
 * on a miss; a memory that is not a {@link PagedMemory} (a driver's view of a process) gets ways that never hit.
 */
public final class MemoryAccess {
    private MemoryAccess() { }

    private static final int[] NEVER_TAGS = SoftTlb.neverTags();
    private static final byte[][] NO_FRAMES = new byte[SoftTlb.SIZE][];

    public static int[] readTags(Memory memory) {
        return memory instanceof PagedMemory paged ? paged.tags(Access.READ) : NEVER_TAGS;
    }

    public static byte[][] readFrames(Memory memory) {
        return memory instanceof PagedMemory paged ? paged.frames(Access.READ) : NO_FRAMES;
    }

    public static int[] writeTags(Memory memory) {
        return memory instanceof PagedMemory paged ? paged.tags(Access.WRITE) : NEVER_TAGS;
    }

    public static byte[][] writeFrames(Memory memory) {
        return memory instanceof PagedMemory paged ? paged.frames(Access.WRITE) : NO_FRAMES;
    }

    /** The read half of a read-modify-write, which faults as a write ({@link Operands#readForWrite}). */
    public static int readForWrite(Memory memory, int address, int size) {
        try {
            switch (size) {
                case 4: return memory.read32(address);
                case 2: return memory.read16(address);
                default: return memory.read8(address);
            }
        } catch (GuestFault fault) {
            throw Operands.asWriteFault(fault);
        }
    }
}
