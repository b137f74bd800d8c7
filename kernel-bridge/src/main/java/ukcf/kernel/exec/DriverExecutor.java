package ukcf.kernel.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Segment;
import ukcf.cpu.disasm.AttSyntax;
import ukcf.cpu.exec.Engines;
import ukcf.cpu.exec.ExecutionEngine;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.fault.SoftwareInterrupt;
import ukcf.cpu.io.IoPortBus;
import ukcf.cpu.memory.Memory;
import ukcf.cpu.state.CpuState;
import ukcf.kernel.HostKernel;
import ukcf.kernel.api.KernelCall;
import ukcf.kernel.api.KernelExport;
import ukcf.kernel.api.KernelExports;
import ukcf.kernel.api.KernelFunction;
import ukcf.kernel.api.KernelOops;
import ukcf.kernel.log.SymbolNamer;

/**
 * Runs one call into driver code, UKCF style: the driver's x86 code runs on a CPL-0 guest CPU (interpreted or
 * translated) while the jump monitor's predicate says the next instruction lies in a driver image; the moment it
 * does not, the executor looks at the target: a host kernel function runs in Java (arguments by its calling
 * convention, result in EAX/EDX, back at the return address), the shell sentinel ends the call, a stub of an
 * unimplemented import or any other address fails the call with a report. Guest faults fail it as an oops.
 */
public final class DriverExecutor {
    /** The i386 kernel's flat segments (__KERNEL_CS, __KERNEL_DS). */
    private static final int KERNEL_CS = 0x60, KERNEL_DS = 0x68;
    private static final int EFLAGS_IF = 1 << 9, EFLAGS_RESERVED = 1 << 1;
    private static final int BACKTRACE_DEPTH = 16;

    private final HostKernel kernel;
    private final KernelExports exports;
    private final IntPredicate driverCode;
    private final int sentinel;
    private final String engineName;
    private final long instructionBudget;
    private final ThreadLocal<ExecutionEngine> engines;
    /** Room left between a calling driver's stack pointer and a nested call's first frame (its arguments live there). */
    private static final int NESTED_CALL_GAP = 256;
    /** While a host function runs for a driver: where a driver call it makes starts its stack (0: none is running). */
    private int nestedStackTop;

    /**
     * @param driverCode        whether an address lies in a loaded driver's code (the jump monitor's fast test)
     * @param sentinel          the return address every shell pushes: reaching it ends the call
     * @param instructionBudget the most guest instructions one call may run before it is declared locked up
     */
    public DriverExecutor(HostKernel kernel, KernelExports exports, IntPredicate driverCode, int sentinel,
                          String engineName, long instructionBudget) {
        this.kernel = kernel;
        this.exports = exports;
        this.driverCode = driverCode;
        this.sentinel = sentinel;
        this.engineName = engineName;
        this.instructionBudget = instructionBudget;
        this.engines = ThreadLocal.withInitial(() -> Engines.named(engineName));
    }

    /** What a completed call produced: EAX, EDX and the guest instructions it ran. */
    public record Result(int eax, int edx, long instructions) { }

    /**
     * Calls {@code function} with {@code arguments} by the kernel's convention (regparm(3): EAX, EDX, ECX, then
     * the stack) on a fresh CPU over {@code memory}, with the stack growing down from {@code stackTop}.
     */
    public Result call(Memory memory, int stackTop, int function, int... arguments) {
        return callFor(0, memory, stackTop, function, arguments);
    }

    /** As {@link #call}, on behalf of guest process {@code pid} (named in the trace's host-call events). */
    public Result callFor(int pid, Memory memory, int stackTop, int function, int... arguments) {
        // a host function that calls back into a driver (a bus probing a device while the module's init registers
        // its driver) runs the inner call below the outer call's frames, on the same kernel stack
        if (nestedStackTop != 0) stackTop = nestedStackTop;
        Cpu cpu = kernelCpu(memory);
        CpuState s = cpu.state;
        int sp = stackTop;
        for (int i = arguments.length - 1; i >= 3; i--) memory.write32(sp -= 4, arguments[i]);
        memory.write32(sp -= 4, sentinel);
        s.gpr[CpuState.ESP] = sp;
        int[] registers = {CpuState.EAX, CpuState.EDX, CpuState.ECX};
        for (int i = 0; i < Math.min(3, arguments.length); i++) s.gpr[registers[i]] = arguments[i];
        s.eip = function;
        return run(cpu, stackTop, pid);
    }

    private static Cpu kernelCpu(Memory memory) {
        Cpu cpu = new Cpu(memory, IoPortBus.FLOATING);
        CpuState s = cpu.state;
        s.cpl = 0;
        for (Segment segment : Segment.values()) {
            s.segmentSelector[segment.ordinal()] = segment == Segment.CS ? KERNEL_CS : KERNEL_DS;
            s.segmentBase[segment.ordinal()] = 0;
        }
        s.flags.set(EFLAGS_IF | EFLAGS_RESERVED);
        return cpu;
    }

    private Result run(Cpu cpu, int stackTop, int pid) {
        ExecutionEngine engine = engines.get();
        CpuState s = cpu.state;
        long executed = 0;
        IntPredicate leavesDrivers = driverCode.negate();
        while (true) {
            try {
                executed += engine.runUntil(cpu, instructionBudget - executed, leavesDrivers);
            } catch (GuestFault fault) {
                throw failure(DriverCallFailure.Kind.OOPS, oopsSummary(cpu, fault), cpu, stackTop);
            } catch (SoftwareInterrupt trap) {
                throw failure(DriverCallFailure.Kind.OOPS, "int $0x" + Integer.toHexString(trap.vector())
                        + " in driver code at " + symbol(trap.instructionAddress()), cpu, stackTop);
            }
            if (s.halted) throw failure(DriverCallFailure.Kind.OOPS, "hlt in driver code at " + symbol(s.eip), cpu, stackTop);
            if (executed >= instructionBudget) {
                throw failure(DriverCallFailure.Kind.LOCKUP, "soft lockup: the driver ran " + executed
                        + " instructions without returning, now at " + symbol(s.eip), cpu, stackTop);
            }
            int target = s.eip;
            if (driverCode.test(target)) continue; // budget slice ended inside the driver
            if (target == sentinel) return new Result(s.gpr[CpuState.EAX], s.gpr[CpuState.EDX], executed);
            KernelFunction function = exports.at(target);
            if (function != null) {
                callHost(cpu, function, stackTop, pid);
                continue;
            }
            String missing = exports.unimplementedAt(target);
            if (missing != null) {
                throw failure(DriverCallFailure.Kind.UNIMPLEMENTED, "call to unimplemented kernel function "
                        + missing + " from " + symbol(returnAddress(cpu)), cpu, stackTop);
            }
            throw failure(DriverCallFailure.Kind.OOPS, "jump to 0x" + hex(target)
                    + ", outside every driver image and the kernel's exports", cpu, stackTop);
        }
    }

    /** An exit to the host kernel: the Java function runs, then (unless it steers itself) returns to the caller. */
    private void callHost(Cpu cpu, KernelFunction function, int stackTop, int pid) {
        KernelCall call = new KernelCall(cpu, function, kernel);
        ukcf.shells.trace.Tracer tracer = kernel.tracer();
        boolean tracing = tracer.enabled() && function.convention() != KernelExport.Convention.CUSTOM;
        long start = 0;
        List<Integer> arguments = null;
        int caller = 0;
        if (tracing) {
            start = tracer.now();
            caller = returnAddress(cpu);
            arguments = new ArrayList<>();
            for (int i = 0; i < function.argumentSlots(); i++) arguments.add(call.slot(i));
        }
        int outerNestedTop = nestedStackTop;
        nestedStackTop = (cpu.state.gpr[CpuState.ESP] - NESTED_CALL_GAP) & ~15;
        try {
            function.invoke(call);
        } catch (KernelOops oops) {
            throw failure(DriverCallFailure.Kind.OOPS, oops.getMessage(), cpu, stackTop);
        } catch (GuestFault fault) {
            throw failure(DriverCallFailure.Kind.OOPS, "BUG: " + faultText(fault) + " in " + function.name()
                    + " called from " + symbol(returnAddress(cpu)), cpu, stackTop);
        } catch (DriverCallFailure nested) {
            throw nested;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(function.name() + " failed", t);
        } finally {
            nestedStackTop = outerNestedTop;
        }
        if (tracing) {
            SymbolNamer.Symbol from = kernel.symbols().lookup(caller);
            long now = tracer.now();
            tracer.record(new ukcf.shells.trace.TraceEvent.HostCall(now, pid, from == null || from.module() == null ? "?" : from.module(),
                    function.name(), arguments, function.resultOf(cpu.state), now - start));
        }
        if (function.convention() != KernelExport.Convention.CUSTOM) call.returnToCaller();
    }

    private String oopsSummary(Cpu cpu, GuestFault fault) {
        String where = symbol(fault.eip());
        String code;
        try {
            var instruction = ukcf.cpu.decode.Decoder.decode(cpu.memory, fault.eip());
            code = AttSyntax.format(instruction) + " (" + java.util.HexFormat.ofDelimiter(" ").formatHex(instruction.bytes()) + ")";
        } catch (RuntimeException unreadable) {
            code = "(code unreadable)";
        }
        return "BUG: " + faultText(fault) + " at " + where + ": " + code;
    }

    private static String faultText(GuestFault fault) {
        if (fault.vector() == ukcf.cpu.fault.ExceptionVector.PF) {
            return "unable to handle page fault for address 0x" + hex(fault.faultAddress());
        }
        return fault.getMessage();
    }

    private DriverCallFailure failure(DriverCallFailure.Kind kind, String summary, Cpu cpu, int stackTop) {
        List<String> report = new ArrayList<>();
        report.add(summary);
        CpuState s = cpu.state;
        report.add(String.format("EIP: %04x:[<%08x>] EFLAGS: %08x  %s", s.segmentSelector[Segment.CS.ordinal()],
                s.eip, s.flags.get(), symbol(s.eip)));
        report.add(String.format("EAX: %08x EBX: %08x ECX: %08x EDX: %08x", s.gpr[CpuState.EAX],
                s.gpr[CpuState.EBX], s.gpr[CpuState.ECX], s.gpr[CpuState.EDX]));
        report.add(String.format("ESI: %08x EDI: %08x EBP: %08x ESP: %08x", s.gpr[CpuState.ESI],
                s.gpr[CpuState.EDI], s.gpr[CpuState.EBP], s.gpr[CpuState.ESP]));
        report.add("Call Trace:");
        for (int address : backtrace(cpu, stackTop)) report.add(" " + symbol(address));
        for (String line : report) kernel.log().printk(("\0014" + line + "\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        return new DriverCallFailure(kind, summary, report);
    }

    /**
     * Return addresses found by walking the frame-pointer chain (Debian's 686 kernel keeps frame pointers), within
     * the call's stack; the return address on top of the stack first when the fault is in a host function.
     */
    private List<Integer> backtrace(Cpu cpu, int stackTop) {
        List<Integer> trace = new ArrayList<>();
        CpuState s = cpu.state;
        long top = Integer.toUnsignedLong(stackTop);
        int frame = s.gpr[CpuState.EBP];
        try {
            // a leaf function keeps no frame: its caller's return address is on top of the stack
            int top0 = cpu.memory.read32(s.gpr[CpuState.ESP]);
            if (driverCode.test(top0)) trace.add(top0);
            for (int depth = 0; depth < BACKTRACE_DEPTH; depth++) {
                long f = Integer.toUnsignedLong(frame);
                if (f < Integer.toUnsignedLong(s.gpr[CpuState.ESP]) || f + 8 > top) break;
                int ret = cpu.memory.read32(frame + 4);
                if (ret == sentinel) break;
                if (trace.isEmpty() || trace.get(trace.size() - 1) != ret) trace.add(ret);
                frame = cpu.memory.read32(frame);
            }
        } catch (GuestFault unreadable) {
            // the chain is broken: what was found stands
        }
        return trace;
    }

    private static int returnAddress(Cpu cpu) {
        try {
            return cpu.memory.read32(cpu.state.gpr[CpuState.ESP]);
        } catch (GuestFault unreadable) {
            return 0;
        }
    }

    /** "name+0xoff/0xsize [module]" for an address, or its hex value. */
    private String symbol(int address) {
        SymbolNamer.Symbol s = kernel.symbols().lookup(address);
        KernelFunction host = exports.at(address);
        if (host != null) return host.name();
        String missing = exports.unimplementedAt(address);
        if (missing != null) return missing + " (not implemented by the host kernel)";
        if (s == null) return "0x" + hex(address);
        return s.name() + "+0x" + Integer.toHexString(address - s.start()) + "/0x" + Integer.toHexString(s.size())
                + (s.module() == null ? "" : " [" + s.module() + "]");
    }

    private static String hex(int value) { return String.format("%08x", value); }

    public String engineName() { return engineName; }
}
