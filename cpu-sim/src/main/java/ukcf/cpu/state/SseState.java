package ukcf.cpu.state;

/** SSE state: XMM0-7 and MXCSR. */
public final class SseState {
    /** MXCSR after reset: all exceptions masked, round to nearest. */
    public static final int MXCSR_DEFAULT = 0x1F80;

    /** XMM register n is {@code xmm[2n]} (bits 0-63) and {@code xmm[2n+1]} (bits 64-127). */
    public final long[] xmm = new long[16];
    public int mxcsr = MXCSR_DEFAULT;
}
