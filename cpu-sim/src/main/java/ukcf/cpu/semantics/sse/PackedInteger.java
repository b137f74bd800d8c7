package ukcf.cpu.semantics.sse;

import static ukcf.cpu.semantics.sse.Lanes.allOnesIf;
import static ukcf.cpu.semantics.sse.Lanes.saturateSigned;
import static ukcf.cpu.semantics.sse.Lanes.saturateUnsigned;
import static ukcf.cpu.semantics.sse.Lanes.signed;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongBinaryOperator;
import ukcf.cpu.decode.Operand;
import ukcf.cpu.interp.HandlerTable;

/**
 * SSE2 packed integer arithmetic, compares and shifts (SDM vol. 1, 11.4.3), and the bitwise logic of both the
 * integer and the floating-point domains (the PS/PD logic forms are the same bit operations).
 * Each operation is one table row: its lane width and what it does to one lane. The 64-bit MMX forms are the
 * low half of the same computation (no lane crosses bit 64).
 */
public final class PackedInteger {
    private PackedInteger() { }

    /** Two-operand operations {@code dest = op(dest, src)}, in SDM order. */
    static final Map<String, VectorOp> BINARY = new LinkedHashMap<>();

    static {
        lanewise("PADDB", 8, (a, b) -> a + b);
        lanewise("PADDW", 16, (a, b) -> a + b);
        lanewise("PADDD", 32, (a, b) -> a + b);
        lanewise("PADDQ", 64, (a, b) -> a + b);
        lanewise("PSUBB", 8, (a, b) -> a - b);
        lanewise("PSUBW", 16, (a, b) -> a - b);
        lanewise("PSUBD", 32, (a, b) -> a - b);
        lanewise("PSUBQ", 64, (a, b) -> a - b);
        lanewise("PADDSB", 8, (a, b) -> saturateSigned(signed(a, 8) + signed(b, 8), 8));
        lanewise("PADDSW", 16, (a, b) -> saturateSigned(signed(a, 16) + signed(b, 16), 16));
        lanewise("PADDUSB", 8, (a, b) -> saturateUnsigned(a + b, 8));
        lanewise("PADDUSW", 16, (a, b) -> saturateUnsigned(a + b, 16));
        lanewise("PSUBSB", 8, (a, b) -> saturateSigned(signed(a, 8) - signed(b, 8), 8));
        lanewise("PSUBSW", 16, (a, b) -> saturateSigned(signed(a, 16) - signed(b, 16), 16));
        lanewise("PSUBUSB", 8, (a, b) -> saturateUnsigned(a - b, 8));
        lanewise("PSUBUSW", 16, (a, b) -> saturateUnsigned(a - b, 16));

        lanewise("PMULLW", 16, (a, b) -> a * b);
        lanewise("PMULHW", 16, (a, b) -> (signed(a, 16) * signed(b, 16)) >> 16);
        lanewise("PMULHUW", 16, (a, b) -> (a * b) >>> 16);
        lanewise("PMULUDQ", 64, (a, b) -> (a & 0xFFFF_FFFFL) * (b & 0xFFFF_FFFFL));
        lanewise("PMADDWD", 32, (a, b) -> signed(a, 16) * signed(b, 16) + signed(a >>> 16, 16) * signed(b >>> 16, 16));
        lanewise("PSADBW", 64, PackedInteger::sumOfAbsoluteByteDifferences);
        lanewise("PAVGB", 8, (a, b) -> (a + b + 1) >>> 1);
        lanewise("PAVGW", 16, (a, b) -> (a + b + 1) >>> 1);

        lanewise("PMINUB", 8, Math::min);
        lanewise("PMAXUB", 8, Math::max);
        lanewise("PMINSW", 16, (a, b) -> Math.min(signed(a, 16), signed(b, 16)));
        lanewise("PMAXSW", 16, (a, b) -> Math.max(signed(a, 16), signed(b, 16)));

        lanewise("PCMPEQB", 8, (a, b) -> allOnesIf(a == b));
        lanewise("PCMPEQW", 16, (a, b) -> allOnesIf(a == b));
        lanewise("PCMPEQD", 32, (a, b) -> allOnesIf(a == b));
        lanewise("PCMPGTB", 8, (a, b) -> allOnesIf(signed(a, 8) > signed(b, 8)));
        lanewise("PCMPGTW", 16, (a, b) -> allOnesIf(signed(a, 16) > signed(b, 16)));
        lanewise("PCMPGTD", 32, (a, b) -> allOnesIf(signed(a, 32) > signed(b, 32)));

        for (String domain : new String[] {"P", "PS", "PD"}) {
            boolean integer = domain.equals("P");
            logic(integer ? "PAND" : "AND" + domain, (a, b) -> a & b);
            logic(integer ? "PANDN" : "ANDN" + domain, (a, b) -> ~a & b);
            logic(integer ? "POR" : "OR" + domain, (a, b) -> a | b);
            logic(integer ? "PXOR" : "XOR" + domain, (a, b) -> a ^ b);
        }
    }

    /** Shifts by an immediate or by the low 64 bits of an XMM/m128 count: lane width and direction. */
    enum Shift {
        PSLLW(16, Kind.LEFT), PSLLD(32, Kind.LEFT), PSLLQ(64, Kind.LEFT),
        PSRLW(16, Kind.LOGICAL_RIGHT), PSRLD(32, Kind.LOGICAL_RIGHT), PSRLQ(64, Kind.LOGICAL_RIGHT),
        PSRAW(16, Kind.ARITHMETIC_RIGHT), PSRAD(32, Kind.ARITHMETIC_RIGHT);

        enum Kind { LEFT, LOGICAL_RIGHT, ARITHMETIC_RIGHT }

        final int bits;
        final Kind kind;

        Shift(int bits, Kind kind) {
            this.bits = bits;
            this.kind = kind;
        }

        /** Counts above the lane width clear the lane (fill it with the sign for arithmetic shifts). */
        Xmm apply(Xmm value, long count) {
            boolean outOfRange = Long.compareUnsigned(count, bits - 1) > 0;
            int n = (int) count;
            switch (kind) {
                case LEFT: return outOfRange ? Xmm.ZERO : Lanes.map(value, bits, a -> a << n);
                case LOGICAL_RIGHT: return outOfRange ? Xmm.ZERO : Lanes.map(value, bits, a -> a >>> n);
                default:
                    int m = outOfRange ? bits - 1 : n;
                    return Lanes.map(value, bits, a -> signed(a, bits) >> m);
            }
        }
    }

    private static void lanewise(String key, int bits, LongBinaryOperator op) {
        BINARY.put(key, (a, b) -> Lanes.map(a, b, bits, op));
    }

    private static void logic(String key, LongBinaryOperator op) {
        BINARY.put(key, (a, b) -> new Xmm(op.applyAsLong(a.lo(), b.lo()), op.applyAsLong(a.hi(), b.hi())));
    }

    private static long sumOfAbsoluteByteDifferences(long a, long b) {
        long sum = 0;
        for (int i = 0; i < 64; i += 8) sum += Math.abs(((a >>> i) & 0xFF) - ((b >>> i) & 0xFF));
        return sum;
    }

    public static void register(HandlerTable table) {
        BINARY.forEach((key, op) -> table.register(key, MmxState.withMmxTransition((cpu, insn) -> {
            Xmm result = op.apply(XmmOperands.read(cpu, insn.operand(0)), XmmOperands.read(cpu, insn.operand(1)));
            XmmOperands.write(cpu, insn.operand(0), result);
        })));
        for (Shift shift : Shift.values()) {
            table.register(shift.name(), MmxState.withMmxTransition((cpu, insn) -> {
                Operand countOperand = insn.operand(1);
                long count = countOperand instanceof Operand.Imm imm
                        ? imm.value() & 0xFF
                        : XmmOperands.read(cpu, countOperand).lo();
                Xmm result = shift.apply(XmmOperands.read(cpu, insn.operand(0)), count);
                XmmOperands.write(cpu, insn.operand(0), result);
            }));
        }
    }
}
