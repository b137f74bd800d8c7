package ukcf.cpu.semantics.sse;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.Operand;
import ukcf.cpu.flags.Eflags;
import ukcf.cpu.fp.Binary32;
import ukcf.cpu.fp.Binary64;
import ukcf.cpu.fp.Comparison;
import ukcf.cpu.fp.FpContext;
import ukcf.cpu.interp.HandlerTable;

/**
 * SSE/SSE2 floating-point arithmetic, compares and comparisons into EFLAGS (SDM vol. 1, 10.4.2, 11.4.2). The
 * arithmetic itself is the shared soft-float engine ({@code ukcf.cpu.fp}); this class maps each instruction to
 * elements (scalar: element 0, the rest of the destination kept; packed: every element) and to MXCSR through
 * {@link SimdExceptions}.
 */
public final class SseFloat {
    private SseFloat() { }

    /** One binary32 element operation; {@code a} is the destination element, {@code b} the source element. */
    interface Single {
        int apply(int a, int b, FpContext c);
    }

    /** One binary64 element operation. */
    interface Double {
        long apply(long a, long b, FpContext c);
    }

    /** Arithmetic by operation stem: each gets SS, PS, SD and PD forms. */
    static final Map<String, Single> SINGLE = new LinkedHashMap<>();
    static final Map<String, Double> DOUBLE = new LinkedHashMap<>();

    static {
        SINGLE.put("ADD", Binary32::add);
        SINGLE.put("SUB", Binary32::subtract);
        SINGLE.put("MUL", Binary32::multiply);
        SINGLE.put("DIV", Binary32::divide);
        SINGLE.put("SQRT", (a, b, c) -> Binary32.sqrt(b, c));
        SINGLE.put("MIN", (a, b, c) -> select(Binary32.compare(a, b, true, c) == Comparison.LESS ? a : b, c));
        SINGLE.put("MAX", (a, b, c) -> select(Binary32.compare(a, b, true, c) == Comparison.GREATER ? a : b, c));
        DOUBLE.put("ADD", Binary64::add);
        DOUBLE.put("SUB", Binary64::subtract);
        DOUBLE.put("MUL", Binary64::multiply);
        DOUBLE.put("DIV", Binary64::divide);
        DOUBLE.put("SQRT", (a, b, c) -> Binary64.sqrt(b, c));
        DOUBLE.put("MIN", (a, b, c) -> select(Binary64.compare(a, b, true, c) == Comparison.LESS ? a : b, c));
        DOUBLE.put("MAX", (a, b, c) -> select(Binary64.compare(a, b, true, c) == Comparison.GREATER ? a : b, c));
    }

    /*
     * MIN and MAX deliver one of their operands as it was read: the second when either is a NaN or both are
     * zero (SDM vol. 2, MINPS), and, under DAZ, a denormal operand as the signed zero it was read as (native).
     */
    private static int select(int operand, FpContext c) {
        return c.denormalsAreZero && (operand & 0x7F80_0000) == 0 ? operand & 0x8000_0000 : operand;
    }

    private static long select(long operand, FpContext c) {
        return c.denormalsAreZero && (operand & 0x7FF0_0000_0000_0000L) == 0 ? operand & 0x8000_0000_0000_0000L : operand;
    }

    /**
     * CMPPS/CMPSS/CMPPD/CMPSD predicates, imm8 bits 0-2 (SDM vol. 2, CMPPS table 3-7): the relation holds for
     * these outcomes, and the "signaling" ones raise invalid on a QNaN too.
     */
    enum Predicate {
        EQ(false, Comparison.EQUAL),
        LT(true, Comparison.LESS),
        LE(true, Comparison.LESS, Comparison.EQUAL),
        UNORD(false, Comparison.UNORDERED),
        NEQ(false, Comparison.LESS, Comparison.GREATER, Comparison.UNORDERED),
        NLT(true, Comparison.EQUAL, Comparison.GREATER, Comparison.UNORDERED),
        NLE(true, Comparison.GREATER, Comparison.UNORDERED),
        ORD(false, Comparison.LESS, Comparison.EQUAL, Comparison.GREATER);

        final boolean signaling;
        private final EnumSet<Comparison> holds;

        Predicate(boolean signaling, Comparison first, Comparison... rest) {
            this.signaling = signaling;
            this.holds = EnumSet.of(first, rest);
        }

        boolean holds(Comparison outcome) { return holds.contains(outcome); }

        static Predicate of(int imm8) { return values()[imm8 & 7]; }
    }

    public static void register(HandlerTable table) {
        SINGLE.forEach((stem, op) -> {
            table.register(stem + "SS", (cpu, insn) -> single(cpu, insn, op, 1));
            table.register(stem + "PS", (cpu, insn) -> single(cpu, insn, op, 4));
        });
        DOUBLE.forEach((stem, op) -> {
            table.register(stem + "SD", (cpu, insn) -> dual(cpu, insn, op, 1));
            table.register(stem + "PD", (cpu, insn) -> dual(cpu, insn, op, 2));
        });
        table.register("CMPSS", (cpu, insn) -> single(cpu, insn, compareSingle(insn), 1));
        table.register("CMPPS", (cpu, insn) -> single(cpu, insn, compareSingle(insn), 4));
        table.register("CMPSD_XMM", (cpu, insn) -> dual(cpu, insn, compareDouble(insn), 1));
        table.register("CMPPD", (cpu, insn) -> dual(cpu, insn, compareDouble(insn), 2));

        table.register("COMISS", (cpu, insn) -> compareToFlags(cpu, insn, true, false));
        table.register("UCOMISS", (cpu, insn) -> compareToFlags(cpu, insn, false, false));
        table.register("COMISD", (cpu, insn) -> compareToFlags(cpu, insn, true, true));
        table.register("UCOMISD", (cpu, insn) -> compareToFlags(cpu, insn, false, true));
    }

    /** Applies {@code op} to the first {@code elements} binary32 elements; the others keep the destination's. */
    private static void single(Cpu cpu, Instruction insn, Single op, int elements) {
        Xmm a = XmmOperands.read(cpu, insn.operand(0)), b = XmmOperands.read(cpu, insn.operand(1));
        SimdExceptions exceptions = new SimdExceptions(cpu.state.sse);
        Xmm result = a;
        for (int i = 0; i < elements; i++) result = result.withDword(i, op.apply(a.dword(i), b.dword(i), exceptions.element()));
        exceptions.commit();
        XmmOperands.write(cpu, insn.operand(0), result);
    }

    private static void dual(Cpu cpu, Instruction insn, Double op, int elements) {
        Xmm a = XmmOperands.read(cpu, insn.operand(0)), b = XmmOperands.read(cpu, insn.operand(1));
        SimdExceptions exceptions = new SimdExceptions(cpu.state.sse);
        long lo = op.apply(a.lo(), b.lo(), exceptions.element());
        long hi = elements == 2 ? op.apply(a.hi(), b.hi(), exceptions.element()) : a.hi();
        exceptions.commit();
        XmmOperands.write(cpu, insn.operand(0), new Xmm(lo, hi));
    }

    private static Single compareSingle(Instruction insn) {
        Predicate p = Predicate.of(((Operand.Imm) insn.operand(2)).value());
        return (a, b, c) -> p.holds(Binary32.compare(a, b, p.signaling, c)) ? -1 : 0;
    }

    private static Double compareDouble(Instruction insn) {
        Predicate p = Predicate.of(((Operand.Imm) insn.operand(2)).value());
        return (a, b, c) -> p.holds(Binary64.compare(a, b, p.signaling, c)) ? -1L : 0L;
    }

    /**
     * COMISS/UCOMISS/COMISD/UCOMISD: ZF, PF, CF from the outcome (unordered sets all three), OF, SF, AF cleared.
     * COMIS* raise invalid on any NaN, UCOMIS* only on an SNaN.
     */
    private static void compareToFlags(Cpu cpu, Instruction insn, boolean signaling, boolean binary64) {
        Xmm a = XmmOperands.read(cpu, insn.operand(0)), b = XmmOperands.read(cpu, insn.operand(1));
        SimdExceptions exceptions = new SimdExceptions(cpu.state.sse);
        FpContext c = exceptions.element();
        Comparison outcome = binary64 ? Binary64.compare(a.lo(), b.lo(), signaling, c)
                : Binary32.compare(a.dword(0), b.dword(0), signaling, c);
        exceptions.commit();
        int flags;
        switch (outcome) {
            case UNORDERED: flags = Eflags.ZF | Eflags.PF | Eflags.CF; break;
            case LESS: flags = Eflags.CF; break;
            case EQUAL: flags = Eflags.ZF; break;
            default: flags = 0;
        }
        cpu.state.flags.setStatus(Eflags.STATUS, flags);
    }
}
