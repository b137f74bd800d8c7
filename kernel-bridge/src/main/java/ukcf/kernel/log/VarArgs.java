package ukcf.kernel.log;

import ukcf.cpu.memory.Memory;

/**
 * The variable arguments of a printk-style call, taken in order. On i386 (cdecl varargs, and a {@code va_list},
 * which is a plain pointer) they are consecutive 4-byte stack slots; a 64-bit argument takes two.
 */
public interface VarArgs {
    int next32();

    long next64();

    /** Arguments starting at {@code address} in guest memory: the stack slot after the format, or a va_list. */
    static VarArgs onStack(Memory memory, int address) {
        return new VarArgs() {
            private int at = address;

            @Override
            public int next32() {
                int value = memory.read32(at);
                at += 4;
                return value;
            }

            @Override
            public long next64() {
                long value = memory.read64(at);
                at += 8;
                return value;
            }
        };
    }
}
