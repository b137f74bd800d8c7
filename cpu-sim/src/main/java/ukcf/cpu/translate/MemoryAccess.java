package ukcf.cpu.translate;

import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.interp.Operands;
import ukcf.cpu.memory.Memory;

/**
 * Memory accesses of generated code that are more than one {@link Memory} call: the read half of a
 * read-modify-write, which faults as a write ({@link Operands#readForWrite}). Small, so the JIT inlines it into
 * each block and folds the size.
 */
public final class MemoryAccess {
    private MemoryAccess() { }

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
