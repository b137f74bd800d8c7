package ukcf.cpu.exec;

import java.util.function.IntPredicate;
import ukcf.cpu.Cpu;

/**
 * Something that executes guest instructions on a {@link Cpu}: the reference interpreter or the translator
 * ({@link Engines#named}). Both honour one contract, so that callers (the process run loop, cpu-diff, the test
 * suites) do not care which one runs:
 *
 * <ul>
 * <li>{@link #run} executes until {@code maxInstructions} have completed, the CPU halts, or (with
 *     {@link #runUntil}) EIP reaches an address the predicate accepts; it returns how many completed. The budget
 *     is exact: an engine never runs more instructions than it was given.
 * <li>A fault leaves as a {@link ukcf.cpu.fault.GuestFault} attributed to the faulting instruction, with the
 *     state as before that instruction (registers, EFLAGS, EIP at it), except that a repeated string instruction
 *     keeps the progress of its completed iterations. A faulting instruction does not count as executed.
 * <li>INT n, INT3, INTO and INT1 leave as a {@link ukcf.cpu.fault.SoftwareInterrupt} after the instruction
 *     completed (counted, EIP after it).
 * <li>{@link #executedInstructions()} counts every completed instruction since the engine was made, exactly, and
 *     the CPU's time-stamp counter advances by one per completed instruction.
 * </ul>
 * An engine is used by one thread at a time.
 */
public interface ExecutionEngine {
    /** Executes up to {@code maxInstructions}; returns how many completed. */
    default long run(Cpu cpu, long maxInstructions) {
        return runUntil(cpu, maxInstructions, null);
    }

    /**
     * As {@link #run}, and also stops (before executing it) at the first instruction whose address {@code stopAt}
     * accepts; a null predicate never stops. The predicate is consulted at every instruction boundary the
     * interpreter would reach; it must not change while the engine runs.
     */
    long runUntil(Cpu cpu, long maxInstructions, IntPredicate stopAt);

    /** Instructions completed (or trapped out of by a software interrupt) since this engine was made. */
    long executedInstructions();

    /** The name {@link Engines#named} knows this engine by. */
    String name();

    /** The engine's own counters by name (the translator's blocks, regions, emitted bytecode...); none by default. */
    default java.util.Map<String, Long> statistics() { return java.util.Map.of(); }
}
