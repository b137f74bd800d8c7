package ukcf.cpu.semantics.sse;

import static ukcf.cpu.semantics.sse.Lanes.get;
import static ukcf.cpu.semantics.sse.Lanes.saturateSigned;
import static ukcf.cpu.semantics.sse.Lanes.saturateUnsigned;
import static ukcf.cpu.semantics.sse.Lanes.signed;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongUnaryOperator;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.Operand;
import ukcf.cpu.interp.HandlerTable;
import ukcf.cpu.interp.Operands;

/**
 * Data rearrangement: unpack (interleave), pack (narrow with saturation), shuffles by an immediate selector,
 * whole-register byte shifts, word insert/extract and the sign-mask extractions (SDM vol. 1, 11.4.4, 11.4.6).
 */
public final class Shuffles {
    private Shuffles() { }

    /** Two-operand operations {@code dest = op(dest, src)}. */
    static final Map<String, VectorOp> BINARY = new LinkedHashMap<>();

    /** Operations with an imm8 selector: {@code dest = op(dest, src, imm8)}. */
    interface SelectorOp {
        Xmm apply(Xmm destination, Xmm source, int selector);
    }

    static final Map<String, SelectorOp> WITH_SELECTOR = new LinkedHashMap<>();

    /**
     * The MMX forms whose 64-bit result is not the low half of the 128-bit one: the high unpacks take the upper
     * halves of 64-bit operands, and the packs narrow the destination's four elements and then the source's.
     */
    static final Map<String, VectorOp> MMX_BINARY = new LinkedHashMap<>();

    static {
        unpack("PUNPCKLBW", 8, false);
        unpack("PUNPCKLWD", 16, false);
        unpack("PUNPCKLDQ", 32, false);
        unpack("PUNPCKLQDQ", 64, false);
        unpack("PUNPCKHBW", 8, true);
        unpack("PUNPCKHWD", 16, true);
        unpack("PUNPCKHDQ", 32, true);
        unpack("PUNPCKHQDQ", 64, true);
        unpack("UNPCKLPS", 32, false);
        unpack("UNPCKHPS", 32, true);
        unpack("UNPCKLPD", 64, false);
        unpack("UNPCKHPD", 64, true);

        BINARY.put("PACKSSWB", (a, b) -> pack(a, b, 16, v -> saturateSigned(signed(v, 16), 8)));
        BINARY.put("PACKSSDW", (a, b) -> pack(a, b, 32, v -> saturateSigned(signed(v, 32), 16)));
        BINARY.put("PACKUSWB", (a, b) -> pack(a, b, 16, v -> saturateUnsigned(signed(v, 16), 8)));

        for (String key : new String[] {"PUNPCKHBW", "PUNPCKHWD", "PUNPCKHDQ"}) {
            VectorOp low = BINARY.get(key.replace("PUNPCKH", "PUNPCKL"));
            MMX_BINARY.put(key, (a, b) -> low.apply(new Xmm(a.lo() >>> 32, 0), new Xmm(b.lo() >>> 32, 0)));
        }
        for (String key : new String[] {"PACKSSWB", "PACKSSDW", "PACKUSWB"}) {
            VectorOp pack = BINARY.get(key);
            MMX_BINARY.put(key, (a, b) -> new Xmm(pack.apply(new Xmm(a.lo(), b.lo()), Xmm.ZERO).lo(), 0));
        }

        WITH_SELECTOR.put("PSHUFW", (d, s, imm) -> new Xmm(shuffleWords(s.lo(), imm), 0));
        WITH_SELECTOR.put("PSHUFD", (d, s, imm) -> Lanes.build(32, i -> s.dword((imm >>> (2 * i)) & 3)));
        WITH_SELECTOR.put("PSHUFLW", (d, s, imm) -> new Xmm(shuffleWords(s.lo(), imm), s.hi()));
        WITH_SELECTOR.put("PSHUFHW", (d, s, imm) -> new Xmm(s.lo(), shuffleWords(s.hi(), imm)));
        WITH_SELECTOR.put("SHUFPS", (d, s, imm) -> Lanes.build(32, i ->
                (i < 2 ? d : s).dword((imm >>> (2 * i)) & 3)));
        WITH_SELECTOR.put("SHUFPD", (d, s, imm) -> new Xmm(d.qword(imm & 1), s.qword((imm >>> 1) & 1)));
    }

    private static void unpack(String key, int bits, boolean high) {
        int lanes = 64 / bits;          // lanes taken from each operand
        int first = high ? lanes : 0;
        BINARY.put(key, (a, b) -> Lanes.build(bits, i -> get((i & 1) == 0 ? a : b, bits, first + i / 2)));
    }

    private static Xmm pack(Xmm a, Xmm b, int fromBits, LongUnaryOperator narrow) {
        int lanes = 128 / fromBits;
        return Lanes.build(fromBits / 2, i -> narrow.applyAsLong(get(i < lanes ? a : b, fromBits, i % lanes)));
    }

    private static long shuffleWords(long quad, int selector) {
        long result = 0;
        for (int i = 0; i < 4; i++) result |= ((quad >>> (16 * ((selector >>> (2 * i)) & 3))) & 0xFFFF) << (16 * i);
        return result;
    }

    /** Shifts the whole register by {@code bytes} (more than 15 clears it). */
    static Xmm shiftBytesLeft(Xmm v, int bytes) {
        if (bytes > 15) return Xmm.ZERO;
        return Lanes.build(8, i -> i < bytes ? 0 : get(v, 8, i - bytes));
    }

    static Xmm shiftBytesRight(Xmm v, int bytes) {
        if (bytes > 15) return Xmm.ZERO;
        return Lanes.build(8, i -> i + bytes > 15 ? 0 : get(v, 8, i + bytes));
    }

    /** The most significant bit of each lane, lane 0 in bit 0. */
    static int signMask(Xmm v, int bits) {
        int mask = 0;
        for (int i = 0; i < 128 / bits; i++) mask |= (int) (get(v, bits, i) >>> (bits - 1)) << i;
        return mask;
    }

    private static int selector(Instruction insn, int operandIndex) {
        return ((Operand.Imm) insn.operand(operandIndex)).value() & 0xFF;
    }

    public static void register(HandlerTable table) {
        BINARY.forEach((key, op) -> {
            VectorOp mmx = MMX_BINARY.getOrDefault(key, op);
            table.register(key, MmxState.withMmxTransition((cpu, insn) -> {
                VectorOp form = MmxState.isMmx(insn.operand(0)) ? mmx : op;
                Xmm result = form.apply(XmmOperands.read(cpu, insn.operand(0)), XmmOperands.read(cpu, insn.operand(1)));
                XmmOperands.write(cpu, insn.operand(0), result);
            }));
        });
        WITH_SELECTOR.forEach((key, op) -> table.register(key, MmxState.withMmxTransition((cpu, insn) -> {
            Xmm result = op.apply(XmmOperands.read(cpu, insn.operand(0)), XmmOperands.read(cpu, insn.operand(1)),
                    selector(insn, 2));
            XmmOperands.write(cpu, insn.operand(0), result);
        })));
        table.register("PSLLDQ", (cpu, insn) -> XmmOperands.write(cpu, insn.operand(0),
                shiftBytesLeft(XmmOperands.read(cpu, insn.operand(0)), selector(insn, 1))));
        table.register("PSRLDQ", (cpu, insn) -> XmmOperands.write(cpu, insn.operand(0),
                shiftBytesRight(XmmOperands.read(cpu, insn.operand(0)), selector(insn, 1))));

        // The word index wraps at the register's width; the SSE4.1 form 66 0F 3A 15 may store to m16.
        table.register("PEXTRW", MmxState.withMmxTransition((cpu, insn) -> {
            Operand source = insn.operand(1), destination = insn.operand(0);
            int lane = selector(insn, 2) & (MmxState.isMmx(source) ? 3 : 7);
            int word = (int) get(XmmOperands.read(cpu, source), 16, lane);
            Operands.write(cpu, destination, destination instanceof Operand.Mem ? 2 : 4, word);
        }));
        table.register("PINSRW", MmxState.withMmxTransition((cpu, insn) -> {
            Operand source = insn.operand(1);
            long word = Operands.read(cpu, source, source instanceof Operand.Mem ? 2 : 4) & 0xFFFF;
            int lane = selector(insn, 2) & (MmxState.isMmx(insn.operand(0)) ? 3 : 7);
            Xmm d = XmmOperands.read(cpu, insn.operand(0));
            XmmOperands.write(cpu, insn.operand(0), Lanes.build(16, i -> i == lane ? word : get(d, 16, i)));
        }));
        table.register("PMOVMSKB", MmxState.withMmxTransition((cpu, insn) ->
                Operands.write(cpu, insn.operand(0), 4, signMask(XmmOperands.read(cpu, insn.operand(1)), 8))));
        table.register("MOVMSKPS", (cpu, insn) ->
                Operands.write(cpu, insn.operand(0), 4, signMask(XmmOperands.read(cpu, insn.operand(1)), 32)));
        table.register("MOVMSKPD", (cpu, insn) ->
                Operands.write(cpu, insn.operand(0), 4, signMask(XmmOperands.read(cpu, insn.operand(1)), 64)));
    }
}
