package ukcf.cpu.translate;

import java.util.List;
import java.util.Map;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.flags.LazyFlags;
import ukcf.cpu.interp.Operands;

/**
 * Flag records translated code defers. An inline ADD, SUB, CMP, AND, OR, XOR, TEST or NEG whose flags are live
 * does not record them into EFLAGS: it leaves its operands and result in locals and the number of its record
 * ({@link LazyFlags#deferredCode}) in another, and the record is made ({@link LazyFlags#recordDeferred}) only where
 * something can observe EFLAGS: before an instruction that reads or partly updates the flags object, before an
 * interpreter handler, at an exit of the translation and in its fault handler. A record that the next flag-setting
 * instruction overwrites before any of those is never made. Since flags are live before every instruction that can
 * fault, most flag writes in memory-heavy code were live until now, each a record of six fields into EFLAGS.
 *
 * <p>A conditional consumer in the same block reads the kept values as before ({@link ConditionSources}).
 */
final class DeferredFlags {
    private DeferredFlags() { }

    private static final Map<String, Integer> OPERATIONS = Map.of(
            "ADD", LazyFlags.DEFERRED_ADD, "SUB", LazyFlags.DEFERRED_SUB, "CMP", LazyFlags.DEFERRED_SUB,
            "AND", LazyFlags.DEFERRED_LOGIC, "OR", LazyFlags.DEFERRED_LOGIC, "XOR", LazyFlags.DEFERRED_LOGIC,
            "TEST", LazyFlags.DEFERRED_LOGIC, "NEG", LazyFlags.DEFERRED_NEG);

    /** For each inline instruction of the block whose live flag record can be deferred, its code; else 0. */
    static void plan(List<Instruction> block, InlineForms.Form[] inline, boolean[] deadFlags, int first, int[] code) {
        for (int i = 0; i < block.size(); i++) {
            Instruction insn = block.get(i);
            Integer operation = OPERATIONS.get(insn.form().operation());
            if (inline[first + i] == null || deadFlags[first + i] || operation == null) continue;
            code[first + i] = LazyFlags.deferredCode(operation, Operands.sizeOf(insn, insn.operand(0)));
        }
    }
}
