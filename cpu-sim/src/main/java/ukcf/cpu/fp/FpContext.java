package ukcf.cpu.fp;

/**
 * The dynamic environment of one floating-point operation: rounding direction, precision, masks, the SSE
 * DAZ/FTZ switches, and the exception flags the operation raised. One context is built per instruction from the
 * x87 control word or from MXCSR; after the operation, {@link #flags} holds the exceptions to merge into the
 * status word / MXCSR (and to trap on if unmasked), and {@link #roundedUp} is x87's C1.
 *
 * <p>{@link Dialect} selects the two architectural differences that are not a matter of control bits: NaN
 * propagation (x87: larger significand wins; SSE: first operand wins) and the rebiased result x87 delivers on an
 * unmasked overflow/underflow.
 */
public final class FpContext {
    public enum Dialect { X87, SSE }

    public static final int X87_PRECISION_CONTROL_SHIFT = 8;
    public static final int X87_ROUNDING_CONTROL_SHIFT = 10;
    public static final int MXCSR_DAZ = 1 << 6;
    public static final int MXCSR_MASK_SHIFT = 7;
    public static final int MXCSR_ROUNDING_SHIFT = 13;
    public static final int MXCSR_FTZ = 1 << 15;
    /** Significand bits selected by the x87 PC field; the reserved encoding 1 rounds to 64 bits (measured). */
    private static final int[] PRECISION_BY_PC = {24, 64, 53, 64};

    public final Dialect dialect;
    public Rounding rounding = Rounding.NEAREST_EVEN;
    /** Significand bits of extended-format results (x87 precision control); binary32/64 results ignore it. */
    public int precision = 64;
    /** Exception mask bits ({@link FpException}); a set bit means masked. */
    public int masks = FpException.ALL;
    public boolean denormalsAreZero;
    public boolean flushToZero;

    /** Exceptions raised so far (sticky within this context). */
    public int flags;
    /** The last rounded result's magnitude was increased by rounding (x87 C1). */
    public boolean roundedUp;

    public FpContext(Dialect dialect) { this.dialect = dialect; }

    /** Context for an x87 instruction under control word {@code fcw}. */
    public static FpContext x87(int fcw) {
        FpContext c = new FpContext(Dialect.X87);
        c.rounding = Rounding.of(fcw >> X87_ROUNDING_CONTROL_SHIFT);
        c.precision = PRECISION_BY_PC[(fcw >> X87_PRECISION_CONTROL_SHIFT) & 3];
        c.masks = fcw & FpException.ALL;
        return c;
    }

    /** Context for an SSE instruction under {@code mxcsr}. */
    public static FpContext sse(int mxcsr) {
        FpContext c = new FpContext(Dialect.SSE);
        c.rounding = Rounding.of(mxcsr >> MXCSR_ROUNDING_SHIFT);
        c.masks = (mxcsr >> MXCSR_MASK_SHIFT) & FpException.ALL;
        c.denormalsAreZero = (mxcsr & MXCSR_DAZ) != 0;
        c.flushToZero = (mxcsr & MXCSR_FTZ) != 0;
        return c;
    }

    public void raise(int exceptionBits) { flags |= exceptionBits; }

    public boolean masked(int exceptionBit) { return (masks & exceptionBit) != 0; }

    /** Raised exceptions whose mask bit is clear: the instruction must trap (#MF later / #XM now). */
    public int unmaskedFlags() { return flags & ~masks & FpException.ALL; }

    /** Clears the per-operation outputs so the context can be reused. */
    public void clearOutputs() {
        flags = 0;
        roundedUp = false;
    }
}
