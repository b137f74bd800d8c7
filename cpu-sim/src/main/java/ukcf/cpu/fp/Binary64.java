package ukcf.cpu.fp;

import static ukcf.cpu.fp.FloatFormat.BINARY64;

/**
 * IEEE binary64 (double) operations on raw bits, bit-exact with x86 SSE2 scalar instructions. Example, ADDSD:
 * <pre>
 *   FpContext ctx = FpContext.sse(state.sse.mxcsr);
 *   long sum = Binary64.add(a, b, ctx);
 *   if (ctx.unmaskedFlags() != 0) raise #XM (destination untouched)
 *   else { write sum; state.sse.mxcsr |= ctx.flags; }
 * </pre>
 * Comparisons return {@link Comparison}; {@code signaling} selects COMISD (any NaN invalid) versus UCOMISD (SNaN
 * only). Integer conversions: {@code truncate} for CVTTSD2SI, else MXCSR rounding; out-of-range gives the integer
 * indefinite with invalid raised. DAZ and FTZ come from the context.
 */
public final class Binary64 {
    private Binary64() { }

    static FpValue unpack(long bits, FpContext c) { return FpValue.unpack(BINARY64, bits, c.denormalsAreZero); }

    public static long add(long a, long b, FpContext c) {
        return SoftFloat.add(unpack(a, c), unpack(b, c), BINARY64, 53, c).pack(BINARY64);
    }

    public static long subtract(long a, long b, FpContext c) {
        return SoftFloat.subtract(unpack(a, c), unpack(b, c), BINARY64, 53, c).pack(BINARY64);
    }

    public static long multiply(long a, long b, FpContext c) {
        return SoftFloat.multiply(unpack(a, c), unpack(b, c), BINARY64, 53, c).pack(BINARY64);
    }

    public static long divide(long a, long b, FpContext c) {
        return SoftFloat.divide(unpack(a, c), unpack(b, c), BINARY64, 53, c).pack(BINARY64);
    }

    public static long sqrt(long a, FpContext c) {
        return SoftFloat.sqrt(unpack(a, c), BINARY64, 53, c).pack(BINARY64);
    }

    public static Comparison compare(long a, long b, boolean signaling, FpContext c) {
        return SoftFloat.compare(unpack(a, c), unpack(b, c), signaling, c);
    }

    /** CVTSD2SS. */
    public static int toBinary32(long a, FpContext c) {
        return (int) SoftFloat.convert(unpack(a, c), FloatFormat.BINARY32, true, c).pack(FloatFormat.BINARY32);
    }

    /** To a signed integer of {@code bits} (16, 32, 64), sign-extended; indefinite + invalid when out of range. */
    public static long toInteger(long a, int bits, boolean truncate, FpContext c) {
        return SoftFloat.toInteger(unpack(a, c), bits, truncate ? Rounding.TOWARD_ZERO : c.rounding, c);
    }

    /** CVTSI2SD (exact from int32; rounded from int64). */
    public static long fromInteger(long value, FpContext c) {
        return SoftFloat.fromInteger(value, BINARY64, c).pack(BINARY64);
    }

    public static boolean isNaN(long a) { return FpValue.unpack(BINARY64, a, false).isNaN(); }
}
