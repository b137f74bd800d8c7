package ukcf.cpu;

import ukcf.cpu.io.IoPortBus;
import ukcf.cpu.memory.Memory;
import ukcf.cpu.state.CpuState;
import ukcf.cpu.state.SegmentDescriptors;

/** One guest CPU: its state, the memory it sees and the I/O port bus it talks to. */
public final class Cpu {
    public final CpuState state = new CpuState();
    public final Memory memory;
    public final IoPortBus io;
    /** Consulted when a segment register is loaded (MOV/POP Sreg, LDS..., far transfers). */
    public SegmentDescriptors descriptors = SegmentDescriptors.FLAT;

    public Cpu(Memory memory, IoPortBus io) {
        this.memory = memory;
        this.io = io;
    }
}
