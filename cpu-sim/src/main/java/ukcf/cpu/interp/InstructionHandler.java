package ukcf.cpu.interp;

import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Instruction;

/**
 * Executes one decoded instruction on a CPU. EIP already points past the instruction when the handler runs
 * (branches overwrite it). A handler raises guest faults by throwing {@link ukcf.cpu.fault.GuestFault}, before
 * changing any architectural state the fault must leave intact.
 */
@FunctionalInterface
public interface InstructionHandler {
    void execute(Cpu cpu, Instruction instruction);
}
