package ukcf.cpu.verify;

import ukcf.cpu.flags.Eflags;
import ukcf.cpu.state.FxsaveImage;
import ukcf.cpu.state.SseState;
import ukcf.cpu.state.X87State;
import ukcf.cpu.verify.nativeharness.HarnessLayout;

/** Builders for initial states: a blank one, and the conventions every generator follows. */
public final class InitialState {
    private InitialState() { }

    /** ESP at the start of every case: the middle of the stack area, so pushes and pops both stay inside. */
    public static final int INITIAL_ESP = HarnessLayout.STACK_BASE + HarnessLayout.STACK_SIZE / 2;

    /** EFLAGS bits a test case may choose; the rest (TF, IF, AC, ID...) are the harness's. */
    public static final int SETTABLE_FLAGS = Eflags.STATUS | Eflags.DF;

    /** The state after FNINIT with SSE reset: all registers empty, exceptions masked, round to nearest. */
    public static byte[] resetFxsaveImage() {
        byte[] image = new byte[FxsaveImage.SIZE];
        FxsaveImage.put16(image, FxsaveImage.FCW, X87State.CONTROL_WORD_RESET);
        FxsaveImage.put32(image, FxsaveImage.MXCSR, SseState.MXCSR_DEFAULT);
        return image;
    }

    /** All registers zero except ESP, flags clear, FPU/SSE reset, memory zero. */
    public static TestCase blank(String id, byte[] code) {
        int[] gpr = new int[8];
        gpr[4] = INITIAL_ESP;
        return new TestCase(id, code, gpr, Eflags.FIXED_1, resetFxsaveImage(),
                new byte[HarnessLayout.DATA_SIZE], new byte[HarnessLayout.STACK_SIZE]);
    }
}
