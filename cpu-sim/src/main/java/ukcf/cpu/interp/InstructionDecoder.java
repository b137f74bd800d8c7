package ukcf.cpu.interp;

import ukcf.cpu.decode.Instruction;
import ukcf.cpu.memory.Memory;

/**
 * Where the interpreter gets decoded instructions: the IA-32 decoder's {@code decode(Memory, int)}, passed as
 * {@code decoder::decode}. Undecodable bytes raise a {@link ukcf.cpu.fault.GuestFault} #UD; fetch faults #PF.
 */
@FunctionalInterface
public interface InstructionDecoder {
    Instruction decode(Memory memory, int address);
}
