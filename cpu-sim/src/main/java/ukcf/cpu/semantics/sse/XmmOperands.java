package ukcf.cpu.semantics.sse;

import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Operand;
import ukcf.cpu.decode.RegisterBank;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.interp.Operands;
import ukcf.cpu.state.SseState;

/**
 * Fetch and writeback of XMM-sized operands. A memory operand narrower than 16 bytes (m32, m64) is read into
 * the low bits of an {@link Xmm} with the rest zero, and written from the low bits; so is an MMX register
 * ({@link MmxState}), which lets the MMX forms share the SSE2 handlers wherever lanes do not cross 64 bits.
 *
 * <p>Alignment (SDM vol. 1, 11.4.1.1 and 12.3.1): a 16-byte memory operand of a legacy SSE instruction must be
 * 16-byte aligned, else #GP(0); only the explicitly unaligned moves (MOVUPS, MOVUPD, MOVDQU) and MASKMOVDQU are
 * exempt. The plain {@link #read}/{@link #write} therefore check alignment and the {@code Unaligned} variants
 * do not.
 */
public final class XmmOperands {
    private XmmOperands() { }

    public static Xmm register(SseState sse, int n) { return new Xmm(sse.xmm[2 * n], sse.xmm[2 * n + 1]); }

    public static void setRegister(SseState sse, int n, Xmm value) {
        sse.xmm[2 * n] = value.lo();
        sse.xmm[2 * n + 1] = value.hi();
    }

    public static Xmm read(Cpu cpu, Operand operand) { return read(cpu, operand, true); }

    public static Xmm readUnaligned(Cpu cpu, Operand operand) { return read(cpu, operand, false); }

    public static void write(Cpu cpu, Operand operand, Xmm value) { write(cpu, operand, value, true); }

    public static void writeUnaligned(Cpu cpu, Operand operand, Xmm value) { write(cpu, operand, value, false); }

    /**
     * The 128-bit moves (MOVAPS/MOVDQA/MOVNT* with {@code aligned}, MOVUPS/MOVDQU without): XMM register {@code n}
     * from the 16 bytes at {@code linear}. Both halves are read before the register changes, so a fault leaves it
     * as it was. The interpreter's handlers and translated code both call these.
     */
    public static void load128(Cpu cpu, int linear, int n, boolean aligned) {
        if (aligned) checkAligned(linear);
        long lo = cpu.memory.read64(linear), hi = cpu.memory.read64(linear + 8);
        cpu.state.sse.xmm[2 * n] = lo;
        cpu.state.sse.xmm[2 * n + 1] = hi;
    }

    /** XMM register {@code n} to the 16 bytes at {@code linear} (both pages checked before a byte is written). */
    public static void store128(Cpu cpu, int linear, int n, boolean aligned) {
        if (aligned) checkAligned(linear);
        cpu.memory.write128(linear, cpu.state.sse.xmm[2 * n], cpu.state.sse.xmm[2 * n + 1]);
    }

    /** XMM register {@code destination} := XMM register {@code source}. */
    public static void copy128(Cpu cpu, int destination, int source) {
        long[] xmm = cpu.state.sse.xmm;
        xmm[2 * destination] = xmm[2 * source];
        xmm[2 * destination + 1] = xmm[2 * source + 1];
    }

    /** The XMM register number of a register operand; #UD for anything else. */
    public static int xmmIndex(Operand operand) {
        if (operand instanceof Operand.Reg r && r.bank() == RegisterBank.XMM) return r.index();
        throw GuestFault.of(ExceptionVector.UD, "expected an XMM register operand, got " + operand);
    }

    public static boolean isXmm(Operand operand) {
        return operand instanceof Operand.Reg r && r.bank() == RegisterBank.XMM;
    }

    /** An XMM or MMX register. */
    public static boolean isVectorRegister(Operand operand) { return isXmm(operand) || MmxState.isMmx(operand); }

    private static Xmm read(Cpu cpu, Operand operand, boolean aligned) {
        if (operand instanceof Operand.Mem m) {
            int linear = Operands.linearAddress(cpu.state, m);
            switch (m.size()) {
                case 4: return new Xmm(cpu.memory.read32(linear) & 0xFFFF_FFFFL, 0);
                case 8: return new Xmm(cpu.memory.read64(linear), 0);
                case 16:
                    if (aligned) checkAligned(linear);
                    return new Xmm(cpu.memory.read64(linear), cpu.memory.read64(linear + 8));   // see Memory on 16 bytes
                default: throw new IllegalArgumentException("no XMM memory access of size " + m.size());
            }
        }
        if (MmxState.isMmx(operand)) return new Xmm(MmxState.read(cpu.state.x87, ((Operand.Reg) operand).index()), 0);
        return register(cpu.state.sse, xmmIndex(operand));
    }

    private static void write(Cpu cpu, Operand operand, Xmm value, boolean aligned) {
        if (operand instanceof Operand.Mem m) {
            int linear = Operands.linearAddress(cpu.state, m);
            switch (m.size()) {
                case 4: cpu.memory.write32(linear, (int) value.lo()); break;
                case 8: cpu.memory.write64(linear, value.lo()); break;
                case 16:
                    if (aligned) checkAligned(linear);
                    cpu.memory.write128(linear, value.lo(), value.hi());
                    break;
                default: throw new IllegalArgumentException("no XMM memory access of size " + m.size());
            }
            return;
        }
        if (MmxState.isMmx(operand)) {
            MmxState.write(cpu.state.x87, ((Operand.Reg) operand).index(), value.lo());
            return;
        }
        setRegister(cpu.state.sse, xmmIndex(operand), value);
    }

    static void checkAligned(int linear) {
        if ((linear & 15) != 0) {
            throw GuestFault.of(ExceptionVector.GP,
                    String.format("16-byte SSE operand at 0x%08x is not 16-byte aligned", linear));
        }
    }
}
