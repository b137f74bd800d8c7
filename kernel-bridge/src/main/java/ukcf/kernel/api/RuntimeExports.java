package ukcf.kernel.api;

import ukcf.cpu.state.CpuState;

/**
 * What compiled kernel code calls without a C caller's intent: the ftrace hook, the stack protector, fortify
 * checks, and the retpoline thunks that stand in for indirect calls and jumps.
 */
final class RuntimeExports {
    private RuntimeExports() { }

    /** ftrace's entry hook at the start of every function: nothing is traced through it. */
    @KernelExport(name = "__fentry__")
    static void fentry(KernelCall c) { }

    @KernelExport(name = "__stack_chk_fail")
    static void stackCheckFail(KernelCall c) {
        throw new KernelOops("stack-protector: Kernel stack is corrupted in: " + symbolize(c, c.returnAddress()));
    }

    @KernelExport(name = "fortify_panic")
    static void fortifyPanic(KernelCall c, int name) {
        byte[] function = c.kernel().format(c.memory()).readStringForReport(name);
        throw new KernelOops("detected buffer overflow in " + new String(function, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /** The retpoline thunks: "jmp *%reg" with the stack as it is (they are both called and jumped to). */
    @KernelExport(name = "__x86_indirect_thunk_eax", convention = KernelExport.Convention.CUSTOM)
    static void thunkEax(KernelCall c) { jumpTo(c, CpuState.EAX); }

    @KernelExport(name = "__x86_indirect_thunk_ebx", convention = KernelExport.Convention.CUSTOM)
    static void thunkEbx(KernelCall c) { jumpTo(c, CpuState.EBX); }

    @KernelExport(name = "__x86_indirect_thunk_ecx", convention = KernelExport.Convention.CUSTOM)
    static void thunkEcx(KernelCall c) { jumpTo(c, CpuState.ECX); }

    @KernelExport(name = "__x86_indirect_thunk_edx", convention = KernelExport.Convention.CUSTOM)
    static void thunkEdx(KernelCall c) { jumpTo(c, CpuState.EDX); }

    @KernelExport(name = "__x86_indirect_thunk_esi", convention = KernelExport.Convention.CUSTOM)
    static void thunkEsi(KernelCall c) { jumpTo(c, CpuState.ESI); }

    @KernelExport(name = "__x86_indirect_thunk_edi", convention = KernelExport.Convention.CUSTOM)
    static void thunkEdi(KernelCall c) { jumpTo(c, CpuState.EDI); }

    @KernelExport(name = "__x86_indirect_thunk_ebp", convention = KernelExport.Convention.CUSTOM)
    static void thunkEbp(KernelCall c) { jumpTo(c, CpuState.EBP); }

    /** The return thunk (CONFIG_RETHUNK): a plain ret. */
    @KernelExport(name = "__x86_return_thunk", convention = KernelExport.Convention.CUSTOM)
    static void returnThunk(KernelCall c) { c.returnToCaller(); }

    private static void jumpTo(KernelCall c, int register) { c.cpu().state.eip = c.cpu().state.gpr[register]; }

    static String symbolize(KernelCall c, int address) {
        var s = c.kernel().symbols().lookup(address);
        return s == null ? "0x" + Integer.toHexString(address)
                : s.name() + "+0x" + Integer.toHexString(address - s.start()) + (s.module() == null ? "" : " [" + s.module() + "]");
    }
}
