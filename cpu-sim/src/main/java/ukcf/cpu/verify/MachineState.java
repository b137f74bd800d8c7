package ukcf.cpu.verify;

import java.util.Arrays;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.state.FxsaveImage;
import ukcf.cpu.verify.nativeharness.HarnessLayout;

/**
 * The observable outcome of one test case on one side (native or cpu-sim): registers, flags, where execution
 * stopped and why, x87/SSE state as an FXSAVE image, and the two memory areas. Mutable and reused across cases
 * to keep million-case runs allocation-light.
 */
public final class MachineState {
    public final int[] gpr = new int[8];
    public int eflags;
    /** The end of the sequence, or for a fault the EIP the exception reports (the instruction; after it for traps). */
    public int eip;
    /** The exception that ended the sequence, or null when it ran to its end. */
    public ExceptionVector fault;
    public int errorCode;
    /** CR2 for #PF. */
    public int faultAddress;
    public final byte[] fxsave = new byte[FxsaveImage.SIZE];
    public final byte[] data = new byte[HarnessLayout.DATA_SIZE];
    public final byte[] stack = new byte[HarnessLayout.STACK_SIZE];
    /** Set when this side could not produce a result at all (e.g. the native harness died); explains why. */
    public String failure;

    public void clear() {
        Arrays.fill(gpr, 0);
        eflags = eip = errorCode = faultAddress = 0;
        fault = null;
        failure = null;
    }
}
