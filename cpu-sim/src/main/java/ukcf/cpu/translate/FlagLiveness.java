package ukcf.cpu.translate;

import java.util.List;
import java.util.Set;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.Operand;
import ukcf.cpu.flags.Eflags;

/**
 * Dead-flag elimination inside a block: which instructions may record their flags into a scratch object instead
 * of the guest's EFLAGS because nothing can observe them.
 *
 * <p>The rule, backwards from the block's end where every status flag is live:
 * <ul>
 * <li>an instruction's flag effect is dead when none of the flags it writes or leaves undefined (the opcode
 *     table's written and undefined columns) is live after it, and it reads no flag (ADC, RCL and the like use the
 *     flags object for their result);
 * <li>live before = (live after minus the flags it certainly writes) plus the flags it reads; a shift or rotate
 *     whose count is not a known nonzero constant certainly writes nothing (a count of 0 leaves every flag);
 * <li>every flag is live before an instruction that can fault, because a fault exposes EFLAGS exactly as the
 *     interpreter leaves it; and before an instruction run by its interpreter handler, which may read any flag.
 * </ul>
 * So a flag write is dropped only when it is overwritten before anything reads it and nothing between can fault:
 * no fault handler ever has to recompute flags. An instruction that only preserves a flag (INC keeps CF) keeps it
 * live, so the flag's earlier writer stays.
 */
final class FlagLiveness {
    private FlagLiveness() { }

    private static final List<String> COUNTED_SHIFTS = List.of("SHL", "SHR", "SAR", "ROL", "ROR", "RCL", "RCR");
    /**
     * Operations whose every status flag, the SDM's undefined ones included, {@code LazyFlags} derives from the
     * operation alone (its {@code record}): they kill the liveness of their undefined flags too. (MUL, IMUL and the
     * rotates keep flags they leave undefined, so theirs stay live through them.)
     */
    private static final Set<String> RECORDS_EVERY_FLAG = Set.of("ADD", "ADC", "SUB", "SBB", "AND", "OR", "XOR", "CMP",
            "TEST", "INC", "DEC", "NEG", "SHL", "SHR", "SAR");

    /** For each instruction: true if its flags may go to the scratch object. */
    static boolean[] deadFlagWrites(List<Instruction> block, boolean[] inline, boolean[] canFault) {
        boolean[] dead = new boolean[block.size()];
        int live = Eflags.STATUS;
        for (int i = block.size() - 1; i >= 0; i--) {
            Instruction insn = block.get(i);
            if (!inline[i]) {
                live = Eflags.STATUS;
                continue;
            }
            int reads = insn.form().flagsRead() & Eflags.STATUS;
            int writes = (insn.form().flagsWritten() | insn.form().flagsUndefined()) & Eflags.STATUS;
            dead[i] = writes != 0 && reads == 0 && (writes & live) == 0;
            live = (live & ~certainlyWritten(insn)) | reads;
            if (canFault[i]) live = Eflags.STATUS;
        }
        return dead;
    }

    private static int certainlyWritten(Instruction insn) {
        if (COUNTED_SHIFTS.contains(insn.form().operation())) {
            Operand count = insn.operands().size() > 1 ? insn.operand(1) : null;
            boolean nonzero = count == null || count instanceof Operand.Imm imm && (imm.value() & 0x1F) != 0;
            if (!nonzero) return 0;
        }
        int written = insn.form().flagsWritten();
        if (RECORDS_EVERY_FLAG.contains(insn.form().operation())) written |= insn.form().flagsUndefined();
        return written & Eflags.STATUS;
    }
}
