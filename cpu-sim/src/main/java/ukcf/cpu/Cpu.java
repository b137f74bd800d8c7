package ukcf.cpu;

import ukcf.cpu.io.IoPortBus;
import ukcf.cpu.memory.Memory;
import ukcf.cpu.state.CpuState;

/** One guest CPU: its state, the memory it sees and the I/O port bus it talks to. */
public final class Cpu {
    public final CpuState state = new CpuState();
    public final Memory memory;
    public final IoPortBus io;

    public Cpu(Memory memory, IoPortBus io) {
        this.memory = memory;
        this.io = io;
    }
}
