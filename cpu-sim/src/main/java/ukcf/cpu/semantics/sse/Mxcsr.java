package ukcf.cpu.semantics.sse;

/** MXCSR fields (SDM vol. 1, 10.2.3). */
public final class Mxcsr {
    private Mxcsr() { }

    /** Exception flags (sticky); the matching mask bit is the flag shifted left by {@link #MASK_SHIFT}. */
    public static final int IE = 1, DE = 2, ZE = 4, OE = 8, UE = 16, PE = 32;
    public static final int FLAGS = IE | DE | ZE | OE | UE | PE;
    public static final int DAZ = 1 << 6;
    public static final int MASK_SHIFT = 7;
    public static final int MASKS = FLAGS << MASK_SHIFT;
    /** Rounding control, bits 13-14: 0 nearest even, 1 down, 2 up, 3 toward zero (as in the x87 control word). */
    public static final int RC_SHIFT = 13;
    public static final int RC = 3 << RC_SHIFT;
    public static final int FTZ = 1 << 15;
    /** Bits LDMXCSR/FXRSTOR may set; the rest are reserved and #GP (MXCSR_MASK 0xFFFF, DAZ supported). */
    public static final int WRITABLE = 0xFFFF;

    public static int roundingControl(int mxcsr) { return (mxcsr & RC) >>> RC_SHIFT; }

    /** The raised exception flags that are not masked. */
    public static int unmasked(int mxcsr, int raised) { return raised & ~(mxcsr >>> MASK_SHIFT) & FLAGS; }
}
