package ukcf.cpu.interp;

import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.flags.LazyFlags;
import ukcf.cpu.state.CpuState;

/**
 * Runs one instruction's handler with precise faults, the rule both engines share: EIP points past the instruction
 * while it runs; a fault restores the registers and EFLAGS it started with and leaves EIP at the instruction (a
 * handler may attribute the fault itself: a fault inside an FWAIT-prefixed x87 form is taken after the WAIT); a
 * stopped repeated string instruction keeps its progress. A software interrupt passes through to the caller, which
 * counts the instruction as completed. One per thread of execution (it holds the saved state).
 */
public final class PreciseExecution {
    private final int[] savedRegisters = new int[8];
    private final LazyFlags savedFlags = new LazyFlags();

    /** Executes {@code instruction} found at {@code address} (CS-relative EIP), continuing at {@code next}. */
    public void execute(Cpu cpu, InstructionHandler handler, Instruction instruction, int address, int next) {
        CpuState s = cpu.state;
        System.arraycopy(s.gpr, 0, savedRegisters, 0, 8);
        savedFlags.copyFrom(s.flags);
        s.eip = next;
        try {
            handler.execute(cpu, instruction);
        } catch (GuestFault fault) {
            System.arraycopy(savedRegisters, 0, s.gpr, 0, 8);
            s.flags.copyFrom(savedFlags);
            GuestFault attributed = fault.at(address);
            s.eip = attributed.eip();
            throw attributed;
        } catch (RepeatInterrupted interrupted) {
            s.eip = address;
            throw interrupted.fault().at(address);
        }
    }
}
