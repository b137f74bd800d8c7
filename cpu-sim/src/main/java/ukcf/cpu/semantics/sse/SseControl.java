package ukcf.cpu.semantics.sse;

import ukcf.cpu.decode.Operand;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.interp.HandlerTable;
import ukcf.cpu.interp.Operands;
import ukcf.cpu.state.FxsaveImage;

/**
 * MXCSR load/store, and the cache-control and ordering instructions, which have no architectural effect in a
 * single-CPU interpreter whose memory is always coherent. Fences and prefetch hints never fault; CLFLUSH
 * translates its address like a one-byte read and so raises #PF on an unmapped or inaccessible line (native).
 */
public final class SseControl {
    private SseControl() { }

    /** Cache and ordering hints that execute as no-ops (their memory operand is not accessed). */
    public static final String[] NO_EFFECT = {
        "LFENCE", "MFENCE", "SFENCE", "PREFETCHNTA", "PREFETCHT0", "PREFETCHT1", "PREFETCHT2",
    };

    public static void register(HandlerTable table) {
        table.register("LDMXCSR", (cpu, insn) -> {
            int value = Operands.read(cpu, insn.operand(0), 4);
            if ((value & ~FxsaveImage.MXCSR_MASK) != 0) {
                throw GuestFault.of(ExceptionVector.GP, String.format("LDMXCSR sets reserved bits: 0x%08x", value));
            }
            cpu.state.sse.mxcsr = value;
        });
        table.register("STMXCSR", (cpu, insn) -> Operands.write(cpu, insn.operand(0), 4, cpu.state.sse.mxcsr));
        for (String key : NO_EFFECT) table.register(key, (cpu, insn) -> { });
        table.register("CLFLUSH", (cpu, insn) ->
                cpu.memory.read8(Operands.linearAddress(cpu.state, (Operand.Mem) insn.operand(0))));
    }
}
