package ukcf.cpu.verify;

import ukcf.cpu.state.FxsaveImage;
import ukcf.cpu.verify.nativeharness.HarnessLayout;

/**
 * One sequence to run on both sides: code bytes (placed at {@link HarnessLayout#CODE_BASE}) and the initial
 * state. {@code id} names the case in reports ({@code seed:index} for random cases, {@code file:line} for the
 * directed corpus). {@code eflags} holds only bits user code may set (status flags and DF).
 */
public record TestCase(String id, byte[] code, int[] gpr, int eflags, byte[] fxsave, byte[] data, byte[] stack) {
    public TestCase {
        if (code.length > HarnessLayout.CODE_CAPACITY) throw new IllegalArgumentException("code too long: " + code.length);
        if (gpr.length != 8 || fxsave.length != FxsaveImage.SIZE || data.length != HarnessLayout.DATA_SIZE
                || stack.length != HarnessLayout.STACK_SIZE) {
            throw new IllegalArgumentException("malformed test case " + id);
        }
    }

    public int endAddress() { return HarnessLayout.CODE_BASE + code.length; }
}
