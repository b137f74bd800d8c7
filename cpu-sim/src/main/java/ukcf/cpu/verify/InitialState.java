package ukcf.cpu.verify;

import ukcf.cpu.flags.Eflags;
import ukcf.cpu.verify.nativeharness.HarnessLayout;

/** Builders for initial states: a blank one, and the conventions every generator follows. */
public final class InitialState {
    private InitialState() { }

    /** ESP at the start of every case: the middle of the stack area, so pushes and pops both stay inside. */
    public static final int INITIAL_ESP = HarnessLayout.STACK_BASE + HarnessLayout.STACK_SIZE / 2;

    /** EFLAGS bits a test case may choose; the rest (TF, IF, AC, ID...) are the harness's. */
    public static final int SETTABLE_FLAGS = Eflags.STATUS | Eflags.DF;

    /** All registers zero except ESP, flags clear, FPU/SSE reset, memory zero. */
    public static TestCase blank(String id, byte[] code) {
        int[] gpr = new int[8];
        gpr[4] = INITIAL_ESP;
        return new TestCase(id, code, gpr, Eflags.FIXED_1, FxsaveFields.resetImage(),
                new byte[HarnessLayout.DATA_SIZE], new byte[HarnessLayout.STACK_SIZE]);
    }
}
