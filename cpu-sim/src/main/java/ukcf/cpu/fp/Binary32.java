package ukcf.cpu.fp;

import static ukcf.cpu.fp.FloatFormat.BINARY32;

/**
 * IEEE binary32 (float) operations on raw bits, bit-exact with x86 SSE scalar instructions. Example, ADDSS:
 * <pre>
 *   FpContext ctx = FpContext.sse(state.sse.mxcsr);
 *   int sum = Binary32.add(a, b, ctx);
 *   if (ctx.unmaskedFlags() != 0) raise #XM (destination untouched)
 *   else { write sum; state.sse.mxcsr |= ctx.flags; }
 * </pre>
 * Comparisons return {@link Comparison}; {@code signaling} selects COMISS (any NaN invalid) versus UCOMISS (SNaN
 * only). Integer conversions: {@code truncate} for CVTTSS2SI, else MXCSR rounding; out-of-range gives the integer
 * indefinite with invalid raised. DAZ and FTZ come from the context.
 */
public final class Binary32 {
    private Binary32() { }

    static FpValue unpack(int bits, FpContext c) { return FpValue.unpack(BINARY32, bits & 0xFFFFFFFFL, c.denormalsAreZero); }

    public static int add(int a, int b, FpContext c) {
        return (int) SoftFloat.add(unpack(a, c), unpack(b, c), BINARY32, 24, c).pack(BINARY32);
    }

    public static int subtract(int a, int b, FpContext c) {
        return (int) SoftFloat.subtract(unpack(a, c), unpack(b, c), BINARY32, 24, c).pack(BINARY32);
    }

    public static int multiply(int a, int b, FpContext c) {
        return (int) SoftFloat.multiply(unpack(a, c), unpack(b, c), BINARY32, 24, c).pack(BINARY32);
    }

    public static int divide(int a, int b, FpContext c) {
        return (int) SoftFloat.divide(unpack(a, c), unpack(b, c), BINARY32, 24, c).pack(BINARY32);
    }

    public static int sqrt(int a, FpContext c) {
        return (int) SoftFloat.sqrt(unpack(a, c), BINARY32, 24, c).pack(BINARY32);
    }

    public static Comparison compare(int a, int b, boolean signaling, FpContext c) {
        return SoftFloat.compare(unpack(a, c), unpack(b, c), signaling, c);
    }

    /** CVTSS2SD. */
    public static long toBinary64(int a, FpContext c) {
        return SoftFloat.convert(unpack(a, c), FloatFormat.BINARY64, true, c).pack(FloatFormat.BINARY64);
    }

    /** To a signed integer of {@code bits} (16, 32, 64), sign-extended; indefinite + invalid when out of range. */
    public static long toInteger(int a, int bits, boolean truncate, FpContext c) {
        return SoftFloat.toInteger(unpack(a, c), bits, truncate ? Rounding.TOWARD_ZERO : c.rounding, c);
    }

    /** CVTSI2SS (rounded per the context). */
    public static int fromInteger(long value, FpContext c) {
        return (int) SoftFloat.fromInteger(value, BINARY32, c).pack(BINARY32);
    }

    public static boolean isNaN(int a) { return FpValue.unpack(BINARY32, a & 0xFFFFFFFFL, false).isNaN(); }
}
