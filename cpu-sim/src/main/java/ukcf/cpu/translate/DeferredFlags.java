package ukcf.cpu.translate;

import java.util.List;
import java.util.Map;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.Operand;
import ukcf.cpu.flags.LazyFlags;
import ukcf.cpu.interp.Operands;
import ukcf.cpu.semantics.Arith;
import ukcf.cpu.semantics.Logic;
import ukcf.cpu.semantics.Shift;

/**
 * Flag records translated code defers. An inline instruction whose flags are live and whose flag record depends on
 * its inputs alone (it writes every status flag and reads none: ADD, SUB, CMP, AND, OR, XOR, TEST, NEG, and
 * SHL/SHR/SAR by a nonzero constant) does not record them into EFLAGS: it leaves its inputs in locals and its code
 * (which semantic method, which operand size) in another. Where something can observe EFLAGS (an instruction
 * that reads or partly updates the flags object, an interpreter handler, an exit of the translation, its fault
 * handler) the record is made by running the instruction's semantic method once more on those inputs
 * ({@link #record}), so the flags come from the one definition the interpreter uses. A record that the next such instruction replaces first is never made.
 *
 * <p>Flags are live before every instruction that can fault ({@link FlagLiveness}), so in memory-heavy code most
 * flag writes were live, each a record of six fields into EFLAGS; deferred, they cost a few local moves.
 */
final class DeferredFlags {
    private DeferredFlags() { }

    /** Codes of the deferrable semantics (low four bits of a code; the operand size is above them). */
    private static final int ADD = 1, SUB = 2, AND = 3, OR = 4, XOR = 5, NEG = 6, SHL = 7, SHR = 8, SAR = 9;

    private static final Map<String, Integer> OPERATIONS = Map.ofEntries(
            Map.entry("ADD", ADD), Map.entry("SUB", SUB), Map.entry("CMP", SUB), Map.entry("AND", AND),
            Map.entry("TEST", AND), Map.entry("OR", OR), Map.entry("XOR", XOR), Map.entry("NEG", NEG),
            Map.entry("SHL", SHL), Map.entry("SHR", SHR), Map.entry("SAR", SAR));
    private static final List<String> SHIFTS = List.of("SHL", "SHR", "SAR");

    /** For each inline instruction of the block whose live flag record can be deferred, its code; else 0. */
    static void plan(List<Instruction> block, InlineForms.Form[] inline, boolean[] deadFlags, int first, int[] codes) {
        for (int i = 0; i < block.size(); i++) {
            Instruction insn = block.get(i);
            Integer operation = OPERATIONS.get(insn.form().operation());
            if (inline[first + i] == null || deadFlags[first + i] || operation == null) continue;
            if (SHIFTS.contains(insn.form().operation()) && !nonzeroConstantCount(insn)) continue;
            codes[first + i] = operation | Operands.sizeOf(insn, insn.operand(0)) << 4;
        }
    }

    /** A shift by a count of 0 leaves the flags as they were: only constant nonzero counts replace a record. */
    private static boolean nonzeroConstantCount(Instruction insn) {
        if (insn.operands().size() < 2) return true;
        return insn.operand(1) instanceof Operand.Imm imm && (imm.value() & 0x1F) != 0;
    }

    /**
     * Makes the deferred record {@code code} (0: none) of an instruction whose inputs were {@code a} and {@code b}
     * (NEG: {@code a} only; a shift: the value and the count). Public: generated code calls it.
     */
    public static void record(LazyFlags flags, int code, int a, int b) {
        int size = code >>> 4;
        switch (code & 0xF) {
            case 0 -> { }
            case ADD -> Arith.add(flags, a, b, size);
            case SUB -> Arith.sub(flags, a, b, size);
            case AND -> Logic.and(flags, a, b, size);
            case OR -> Logic.or(flags, a, b, size);
            case XOR -> Logic.xor(flags, a, b, size);
            case NEG -> Arith.neg(flags, a, size);
            case SHL -> Shift.shl(flags, a, b, size);
            case SHR -> Shift.shr(flags, a, b, size);
            case SAR -> Shift.sar(flags, a, b, size);
            default -> throw new IllegalStateException("no deferred flag record has code " + code);
        }
    }
}
