package ukcf.cpu.semantics.sse;

import static ukcf.cpu.semantics.sse.XmmOperands.isXmm;

import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.Operand;
import ukcf.cpu.decode.Segment;
import ukcf.cpu.interp.HandlerTable;
import ukcf.cpu.interp.Operands;
import ukcf.cpu.state.CpuState;

/**
 * MMX/SSE/SSE2 data movement (SDM vol. 1, 9.4.1, 10.4.1, 11.4.1). One handler per operation key serves every
 * form of it: the operand kinds (XMM or MMX register, GPR, memory) decide which part moves and whether the rest
 * is zeroed.
 */
public final class SseMoves {
    private SseMoves() { }

    public static void register(HandlerTable table) {
        for (String key : ALIGNED_128) table.register(key, (cpu, insn) -> move128(cpu, insn, true));
        for (String key : UNALIGNED_128) table.register(key, (cpu, insn) -> move128(cpu, insn, false));
        table.register("MOVNTI", (cpu, insn) ->
                Operands.write(cpu, insn.operand(0), 4, Operands.read(cpu, insn.operand(1), 4)));
        table.register("MOVD", MmxState.withMmxTransition(SseMoves::moveDoubleword));
        for (String key : new String[] {"MOVQ", "MOVNTQ", "MOVQ2DQ", "MOVDQ2Q"}) {
            table.register(key, MmxState.withMmxTransition(SseMoves::moveQuadword));
        }
        table.register("MOVSS", (cpu, insn) -> moveScalar(cpu, insn, 4));
        table.register("MOVSD_XMM", (cpu, insn) -> moveScalar(cpu, insn, 8));
        table.register("MOVLPS", SseMoves::moveLowQuadword);
        table.register("MOVLPD", SseMoves::moveLowQuadword);
        table.register("MOVHPS", SseMoves::moveHighQuadword);
        table.register("MOVHPD", SseMoves::moveHighQuadword);
        table.register("MOVHLPS", (cpu, insn) -> {
            Xmm d = XmmOperands.read(cpu, insn.operand(0));
            XmmOperands.write(cpu, insn.operand(0), d.withLo(XmmOperands.read(cpu, insn.operand(1)).hi()));
        });
        table.register("MOVLHPS", (cpu, insn) -> {
            Xmm d = XmmOperands.read(cpu, insn.operand(0));
            XmmOperands.write(cpu, insn.operand(0), d.withHi(XmmOperands.read(cpu, insn.operand(1)).lo()));
        });
        table.register("MASKMOVDQU", SseMoves::maskedMove);
        table.register("MASKMOVQ", MmxState.withMmxTransition(SseMoves::maskedMove));
        table.register("EMMS", MmxState::emptyMmxState);
    }

    /** The 128-bit moves that fault on a misaligned memory operand, and those that do not. */
    public static final String[] ALIGNED_128 = {"MOVDQA", "MOVAPS", "MOVAPD", "MOVNTDQ", "MOVNTPS", "MOVNTPD"};
    public static final String[] UNALIGNED_128 = {"MOVDQU", "MOVUPS", "MOVUPD"};

    /** A 128-bit move: XMM from XMM or m128, or m128 from XMM ({@link XmmOperands#load128} and its kin). */
    private static void move128(Cpu cpu, Instruction insn, boolean aligned) {
        Operand destination = insn.operand(0), source = insn.operand(1);
        if (source instanceof Operand.Mem m) {
            XmmOperands.load128(cpu, Operands.linearAddress(cpu.state, m), XmmOperands.xmmIndex(destination), aligned);
        } else if (destination instanceof Operand.Mem m) {
            XmmOperands.store128(cpu, Operands.linearAddress(cpu.state, m), XmmOperands.xmmIndex(source), aligned);
        } else {
            XmmOperands.copy128(cpu, XmmOperands.xmmIndex(destination), XmmOperands.xmmIndex(source));
        }
    }

    /** MOVD: a GPR or m32 into an XMM/MMX register (upper bits zeroed), or the low dword out of one. */
    private static void moveDoubleword(Cpu cpu, Instruction insn) {
        Operand destination = insn.operand(0), source = insn.operand(1);
        if (XmmOperands.isVectorRegister(destination)) {
            XmmOperands.write(cpu, destination, new Xmm(Operands.read(cpu, source, 4) & 0xFFFF_FFFFL, 0));
        } else {
            Operands.write(cpu, destination, 4, (int) XmmOperands.read(cpu, source).lo());
        }
    }

    /**
     * MOVQ (and MOVNTQ, MOVQ2DQ, MOVDQ2Q): the low quadword of an XMM/MMX register or m64 into a register (an XMM
     * register's upper half zeroed), or to m64.
     */
    private static void moveQuadword(Cpu cpu, Instruction insn) {
        long quad = XmmOperands.read(cpu, insn.operand(1)).lo();
        XmmOperands.write(cpu, insn.operand(0), new Xmm(quad, 0));
    }

    /** MOVSS/MOVSD: register to register merges the low element; a load zeroes the rest; a store stores it. */
    private static void moveScalar(Cpu cpu, Instruction insn, int bytes) {
        Operand destination = insn.operand(0), source = insn.operand(1);
        Xmm value = XmmOperands.read(cpu, source);
        if (isXmm(destination) && isXmm(source)) {
            Xmm d = XmmOperands.read(cpu, destination);
            value = bytes == 4 ? d.withDword(0, value.dword(0)) : d.withLo(value.lo());
        }
        XmmOperands.write(cpu, destination, value);
    }

    /** MOVLPS/MOVLPD; the register-register encoding of 0F 12 is MOVHLPS, and is executed as such here too. */
    private static void moveLowQuadword(Cpu cpu, Instruction insn) {
        Operand destination = insn.operand(0), source = insn.operand(1);
        Xmm s = XmmOperands.read(cpu, source);
        if (!isXmm(destination)) {
            XmmOperands.write(cpu, destination, s);
            return;
        }
        Xmm d = XmmOperands.read(cpu, destination);
        XmmOperands.write(cpu, destination, d.withLo(isXmm(source) ? s.hi() : s.lo()));
    }

    /** MOVHPS/MOVHPD; the register-register encoding of 0F 16 is MOVLHPS, and is executed as such here too. */
    private static void moveHighQuadword(Cpu cpu, Instruction insn) {
        Operand destination = insn.operand(0), source = insn.operand(1);
        Xmm s = XmmOperands.read(cpu, source);
        if (!isXmm(destination)) {
            XmmOperands.write(cpu, destination, new Xmm(s.hi(), 0));
            return;
        }
        Xmm d = XmmOperands.read(cpu, destination);
        XmmOperands.write(cpu, destination, d.withHi(s.lo()));
    }

    /**
     * MASKMOVDQU xmm1, xmm2 (MASKMOVQ mm1, mm2): stores the bytes of the first register whose mask byte in the
     * second has its top bit set to DS:[EDI] (DI under a 67 prefix; the segment can be overridden). No alignment
     * requirement.
     */
    private static void maskedMove(Cpu cpu, Instruction insn) {
        Xmm data = XmmOperands.read(cpu, insn.operand(0));
        Xmm mask = XmmOperands.read(cpu, insn.operand(1));
        CpuState s = cpu.state;
        int offset = insn.addressSize() == 16 ? s.gpr[CpuState.EDI] & 0xFFFF : s.gpr[CpuState.EDI];
        int base = s.segmentBase(insn.segmentOverride() != null ? insn.segmentOverride() : Segment.DS);
        for (int i = 0; i < 16; i++) {
            if ((Lanes.get(mask, 8, i) & 0x80) != 0) cpu.memory.write8(base + offset + i, (int) Lanes.get(data, 8, i));
        }
    }
}
