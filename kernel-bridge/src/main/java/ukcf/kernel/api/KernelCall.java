package ukcf.kernel.api;

import ukcf.cpu.Cpu;
import ukcf.cpu.memory.Memory;
import ukcf.cpu.state.CpuState;
import ukcf.kernel.HostKernel;
import ukcf.kernel.log.VarArgs;

/**
 * One call from driver code into a host kernel function: the driver's CPU as the call instruction left it (ESP at
 * the return address), and the services of the host kernel model. Arguments are read as the function's calling
 * convention places them; implementations touch guest memory only through {@link #memory()}, so that a wild
 * pointer is a guest fault reported against the driver, not a Java error.
 */
public final class KernelCall {
    private static final int[] REGPARM_REGISTERS = {CpuState.EAX, CpuState.EDX, CpuState.ECX};

    private final Cpu cpu;
    private final KernelFunction function;
    private final HostKernel kernel;

    public KernelCall(Cpu cpu, KernelFunction function, HostKernel kernel) {
        this.cpu = cpu;
        this.function = function;
        this.kernel = kernel;
    }

    public Cpu cpu() { return cpu; }

    public Memory memory() { return cpu.memory; }

    public KernelFunction function() { return function; }

    /** The host kernel model serving the call: its log, crypto API, heap, modules. */
    public HostKernel kernel() { return kernel; }

    /** For CUSTOM functions: returns to the caller as ret does (EIP from the stack, ESP past it). */
    public void returnToCaller() {
        cpu.state.eip = returnAddress();
        cpu.state.gpr[CpuState.ESP] += 4;
    }

    /** Where the call returns to. */
    public int returnAddress() { return cpu.memory.read32(cpu.state.gpr[CpuState.ESP]); }

    /**
     * The 32-bit argument slot {@code index} (0-based): a register for the first three under regparm, else the
     * stack above the return address.
     */
    public int slot(int index) {
        boolean regparm = function.convention() == KernelExport.Convention.REGPARM;
        if (regparm && index < REGPARM_REGISTERS.length) return cpu.state.gpr[REGPARM_REGISTERS[index]];
        int stackIndex = regparm ? index - REGPARM_REGISTERS.length : index;
        return cpu.memory.read32(cpu.state.gpr[CpuState.ESP] + 4 + 4 * stackIndex);
    }

    /** The variable arguments of a VARARGS function after its {@code fixed} named 32-bit ones. */
    public VarArgs varargsAfter(int fixed) {
        return VarArgs.onStack(cpu.memory, cpu.state.gpr[CpuState.ESP] + 4 + 4 * fixed);
    }
}
