package ukcf.cpu.verify;

import ukcf.cpu.state.CpuState;

/**
 * Moves the x87 part of CPU state to and from a 512-byte FXSAVE image (FCW, FSW, abridged FTW, FOP, pointers,
 * ST0-7). The x87 implementation provides it; SSE state (MXCSR, XMM0-7) is handled by the verifier itself.
 */
public interface FpuImage {
    void load(CpuState state, byte[] fxsave);

    void store(CpuState state, byte[] fxsave);

    /** For a CPU without x87 state: the image passes through unchanged (x87 forms are then not generated). */
    FpuImage UNCHANGED = new FpuImage() {
        private byte[] initial;

        @Override public void load(CpuState state, byte[] fxsave) { initial = fxsave; }

        @Override public void store(CpuState state, byte[] fxsave) {
            System.arraycopy(initial, 0, fxsave, 0, FxsaveFields.MXCSR);
            System.arraycopy(initial, FxsaveFields.ST0, fxsave, FxsaveFields.ST0, FxsaveFields.XMM0 - FxsaveFields.ST0);
        }
    };
}
