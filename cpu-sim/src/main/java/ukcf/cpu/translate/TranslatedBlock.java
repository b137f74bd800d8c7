package ukcf.cpu.translate;

import java.util.List;
import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Instruction;

/**
 * One translation: a guest basic block, or a hot region of blocks entered at the first, as one JVM method. {@link BlockCompiler} generates a hidden subclass per block
 * (defined without STRONG, so it unloads once the code cache drops the block) whose {@link #execute} runs the
 * block's instructions with the guest registers in JVM locals.
 *
 * <p>{@code execute} returns the number of instructions it completed, EIP and the registers written back; it stops
 * early when a store made the translation itself stale (self-modifying code), so that the next instruction is
 * fetched anew. A fault leaves through {@link BlockContext#fault} with the state of the faulting
 * instruction and {@link BlockContext#completed} set.
 */
public abstract class TranslatedBlock {
    /** Guest address of the first instruction (the cache key). */
    int address;
    /** Guest address of each instruction, numbered across the translation's blocks. */
    int[] instructionAddresses;
    /** Each instruction's position in its block (instructions a fault there leaves completed in that block). */
    int[] positions;
    /** Instructions of the entry block: the least one execution completes. */
    int entryLength;
    /** Guest pages the translation's code lies on. */
    int[] pages;
    /** The decoded blocks, for building a region from them. */
    List<List<Instruction>> blocks;
    /** Whether this translation is a region (more than one block). */
    boolean isRegion;
    /** Executions so far, counted while below the region threshold. */
    int executions;
    /**
     * Cleared when the code cache drops the block (its bytes were written, the cache was flushed). Generated code
     * reads it after each store, so a block that overwrote its own code stops after that instruction. Plain, not
     * volatile: a write to code by another thread needs serialization on hardware too.
     */
    boolean valid = true;
    /** The blocks last executed after this one (direct chaining for the two exits of a conditional branch). */
    TranslatedBlock successor, alternateSuccessor;

    protected TranslatedBlock() { }

    /** Runs the block; see the class comment. */
    public abstract int execute(Cpu cpu, BlockContext context);

    public int address() { return address; }

    /** Instructions of all its blocks. */
    public int instructionCount() { return instructionAddresses.length; }

    /** The cached successor starting at {@code eip}, if still valid. */
    TranslatedBlock successorAt(int eip) {
        TranslatedBlock next = successor;
        if (next != null && next.address == eip && next.valid) return next;
        next = alternateSuccessor;
        if (next != null && next.address == eip && next.valid) return next;
        return null;
    }

    void link(TranslatedBlock next) {
        if (successor == null || !successor.valid) successor = next;
        else if (successor != next) alternateSuccessor = next;
    }
}
