package ukcf.cpu.translate;

import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.fault.SoftwareInterrupt;
import ukcf.cpu.interp.InstructionHandler;
import ukcf.cpu.state.CpuState;

/**
 * What generated code calls back into, one per engine: the interpreter's handler for an instruction not translated
 * inline, with the interpreter's precise-fault rules, and the fault exit of inline code. Public because hidden
 * block classes link against it; nothing outside the translator uses it.
 */
public final class BlockContext {
    private final ukcf.cpu.interp.PreciseExecution precise = new ukcf.cpu.interp.PreciseExecution();
    /** The time-stamp counter when the running block started. */
    long blockStartTimeStamp;
    /** Instructions the running translation completed before it faulted or trapped. */
    int completed;
    /** Instructions the running translation may complete at most (it enters no block that would exceed it). */
    int budget;
    /**
     * The TLB ways of the memory the engine runs on ({@link MemoryAccess}), which generated code probes inline:
     * fixed per memory, so they are chosen once when the memory is ({@link #use}), not at every block entry. Until
     * then, ways that never hit (every access goes to {@code Memory}).
     */
    int[] readTags = MemoryAccess.readTags(null), writeTags = readTags;
    byte[][] readFrames = MemoryAccess.readFrames(null), writeFrames = readFrames;

    /** Generated code will run on {@code memory}. */
    void use(ukcf.cpu.memory.Memory memory) {
        readTags = MemoryAccess.readTags(memory);
        readFrames = MemoryAccess.readFrames(memory);
        writeTags = MemoryAccess.writeTags(memory);
        writeFrames = MemoryAccess.writeFrames(memory);
    }

    /** Instructions translations ran through their interpreter handler (the run's statistics). */
    long fallbacks;

    BlockContext() { }

    /**
     * Runs an instruction through its interpreter handler, {@code completedBefore} instructions into the running
     * translation, exactly as
     * {@link ukcf.cpu.interp.Interpreter#step} would: registers are already in {@code CpuState}; a fault restores
     * registers and EFLAGS (a stopped repeated string instruction keeps its progress) and sets EIP to the
     * instruction.
     */
    public void fallback(Cpu cpu, InstructionHandler handler, Instruction instruction, int completedBefore) {
        CpuState s = cpu.state;
        fallbacks++;
        s.timeStampCounter = blockStartTimeStamp + completedBefore;
        try {
            precise.execute(cpu, handler, instruction, instruction.address(), instruction.nextAddress());
        } catch (SoftwareInterrupt trap) {
            completed = completedBefore + 1;
            throw trap;
        }
    }

    /**
     * The exception exit of generated code. {@code index} is the faulting instruction's (its number in the
     * translation), one's complement when it ran through {@link #fallback}, which already made the state precise;
     * the registers and EFLAGS have been written back; {@code count} is the instructions earlier blocks completed.
     */
    public GuestFault fault(Cpu cpu, TranslatedBlock block, GuestFault fault, int index, int count) {
        if (index < 0) {
            completed = count + block.positions[~index];
            return fault;
        }
        CpuState s = cpu.state;
        GuestFault attributed = fault.at(block.instructionAddresses[index]);
        s.eip = attributed.eip();
        completed = count + block.positions[index];
        return attributed;
    }
}
