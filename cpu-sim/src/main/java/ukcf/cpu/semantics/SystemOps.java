package ukcf.cpu.semantics;

import ukcf.cpu.interp.HandlerTable;

/** CPUID, RDTSC, IN/OUT, CLI/STI/HLT, UD2, NOP, flag instructions. */
public final class SystemOps {
    private SystemOps() { }

    public static void register(HandlerTable table) {
    }
}
