package ukcf.cpu.translate;

import java.util.List;
import java.util.Map;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.flags.Eflags;
import ukcf.cpu.flags.LazyFlags;
import ukcf.cpu.interp.Operands;

/**
 * Where a translated Jcc, SETcc or CMOVcc takes its condition from. When the instruction that last set the flags is
 * inline in the same block and of a kind {@link LazyFlags} has a direct condition for, the producer keeps its
 * operands or result in locals and the consumer evaluates {@link LazyFlags#afterSubtraction},
 * {@link LazyFlags#afterLogic} or {@link LazyFlags#afterResult} on them: for a constant condition the JIT reduces
 * that to one compare, where reading the flags object back means a switch over the recorded kind. The flags are
 * still recorded into EFLAGS as liveness requires; only the read changes.
 */
final class ConditionSources {
    private ConditionSources() { }

    enum Source {
        /** The flags object ({@code LazyFlags.condition}). */
        EFLAGS,
        /** CMP: both operands kept. */
        SUBTRACTION,
        /** TEST, AND, OR, XOR: the result kept. */
        LOGIC,
        /** ADD, ADC, SUB, SBB, INC, DEC, NEG before E, NE, S or NS: the result kept. */
        RESULT
    }

    private static final Map<String, Source> BY_PRODUCER = Map.ofEntries(
            Map.entry("CMP", Source.SUBTRACTION),
            Map.entry("TEST", Source.LOGIC), Map.entry("AND", Source.LOGIC), Map.entry("OR", Source.LOGIC),
            Map.entry("XOR", Source.LOGIC),
            Map.entry("ADD", Source.RESULT), Map.entry("ADC", Source.RESULT), Map.entry("SUB", Source.RESULT),
            Map.entry("SBB", Source.RESULT), Map.entry("INC", Source.RESULT), Map.entry("DEC", Source.RESULT),
            Map.entry("NEG", Source.RESULT));

    /**
     * Fills, for one block, {@code source} of each inline consumer, {@code capture} of each producer a consumer
     * reads and {@code size} (the producer's operand size) of both.
     */
    static void plan(List<Instruction> block, InlineForms.Form[] inline, int first, Source[] source, Source[] capture,
                     int[] size) {
        for (int i = 0; i < block.size(); i++) {
            source[first + i] = Source.EFLAGS;
            InlineForms.Form form = inline[first + i];
            if (form == null || !isConsumer(form.shape())) continue;
            int producer = lastFlagWriter(block, inline, first, i);
            if (producer < 0) continue;
            Instruction p = block.get(producer);
            Source kind = BY_PRODUCER.get(p.form().operation());
            if (kind == null || kind == Source.RESULT && !LazyFlags.decidedByResult(block.get(i).form().condition())) {
                continue;
            }
            if (capture[first + producer] != null && capture[first + producer] != kind) continue;
            source[first + i] = kind;
            capture[first + producer] = kind;
            size[first + i] = size[first + producer] = Operands.sizeOf(p, p.operand(0));
        }
    }

    static boolean isConsumer(InlineForms.Shape shape) {
        return shape == InlineForms.Shape.CONDITIONAL_JUMP || shape == InlineForms.Shape.SET_CONDITION
                || shape == InlineForms.Shape.CONDITIONAL_MOVE;
    }

    /** The instruction before {@code i} in the block that last set status flags, if it is inline; else -1. */
    private static int lastFlagWriter(List<Instruction> block, InlineForms.Form[] inline, int first, int i) {
        for (int j = i - 1; j >= 0; j--) {
            if (inline[first + j] == null) return -1;
            Instruction insn = block.get(j);
            if (((insn.form().flagsWritten() | insn.form().flagsUndefined()) & Eflags.STATUS) != 0) return j;
        }
        return -1;
    }
}
