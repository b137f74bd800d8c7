package ukcf.cpu.fp;

import java.math.BigInteger;

import static ukcf.cpu.fp.FloatFormat.EXTENDED;

/**
 * x87 double-extended operations on {@link Float80}, bit-exact with the x87 unit. Arithmetic (add, subtract,
 * multiply, divide, sqrt) rounds to the context's precision-control width in the extended exponent range; loads,
 * stores and the other operations use the full 64 bits. After each call, {@code ctx.flags} holds the raised
 * exceptions and {@code ctx.roundedUp} is C1.
 * <pre>
 *   FpContext ctx = FpContext.x87(controlWord);
 *   Float80 r = Extended.add(st0, st1, ctx);
 * </pre>
 */
public final class Extended {
    private Extended() { }

    static FpValue unpack(Float80 x) { return FpValue.unpack(x); }

    public static Float80 add(Float80 a, Float80 b, FpContext c) {
        return SoftFloat.add(unpack(a), unpack(b), EXTENDED, c.precision, c).pack80();
    }

    public static Float80 subtract(Float80 a, Float80 b, FpContext c) {
        return SoftFloat.subtract(unpack(a), unpack(b), EXTENDED, c.precision, c).pack80();
    }

    public static Float80 multiply(Float80 a, Float80 b, FpContext c) {
        return SoftFloat.multiply(unpack(a), unpack(b), EXTENDED, c.precision, c).pack80();
    }

    public static Float80 divide(Float80 a, Float80 b, FpContext c) {
        return SoftFloat.divide(unpack(a), unpack(b), EXTENDED, c.precision, c).pack80();
    }

    public static Float80 sqrt(Float80 a, FpContext c) {
        return SoftFloat.sqrt(unpack(a), EXTENDED, c.precision, c).pack80();
    }

    public static Comparison compare(Float80 a, Float80 b, boolean signaling, FpContext c) {
        return SoftFloat.compare(unpack(a), unpack(b), signaling, c);
    }

    /** FLD m32: exact; an SNaN is quieted with invalid, a denormal raises the denormal-operand exception. */
    public static Float80 fromBinary32(int bits, FpContext c) {
        return SoftFloat.convert(FpValue.unpack(FloatFormat.BINARY32, bits & 0xFFFFFFFFL, false), EXTENDED, true, c).pack80();
    }

    public static Float80 fromBinary64(long bits, FpContext c) {
        return SoftFloat.convert(FpValue.unpack(FloatFormat.BINARY64, bits, false), EXTENDED, true, c).pack80();
    }

    /**
     * FST m32: rounded per the context's rounding direction. A store that meets an unmasked overflow or
     * underflow writes nothing and reports only that exception (no precision flag, C1 clear).
     */
    public static int toBinary32(Float80 a, FpContext c) {
        long bits = SoftFloat.convert(unpack(a), FloatFormat.BINARY32, false, c).pack(FloatFormat.BINARY32);
        storeTrapFlags(c);
        return (int) bits;
    }

    public static long toBinary64(Float80 a, FpContext c) {
        long bits = SoftFloat.convert(unpack(a), FloatFormat.BINARY64, false, c).pack(FloatFormat.BINARY64);
        storeTrapFlags(c);
        return bits;
    }

    private static void storeTrapFlags(FpContext c) {
        if ((c.unmaskedFlags() & (FpException.OVERFLOW | FpException.UNDERFLOW)) != 0) {
            c.flags &= ~FpException.PRECISION;
            c.roundedUp = false;
        }
    }

    /** FIST/FISTP (rounding per context) and FISTTP ({@code truncate}); result sign-extended. */
    public static long toInteger(Float80 a, int bits, boolean truncate, FpContext c) {
        return SoftFloat.toInteger(unpack(a), bits, truncate ? Rounding.TOWARD_ZERO : c.rounding, c);
    }

    /** FILD: always exact. */
    public static Float80 fromInteger(long value) {
        return SoftFloat.fromInteger(value, EXTENDED, new FpContext(FpContext.Dialect.X87)).pack80();
    }

    /** FRNDINT. */
    public static Float80 roundToIntegral(Float80 a, FpContext c) {
        return SoftFloat.roundToIntegral(unpack(a), c.rounding, c).pack80();
    }

    /** FSCALE. */
    public static Float80 scale(Float80 st0, Float80 st1, FpContext c) { return X87Special.scale(st0, st1, c); }

    /** Rounds an exact value {@code (-1)^negative * mag * 2^exp} to extended with the context (transcendentals). */
    public static Float80 round(boolean negative, BigInteger mag, int exp, FpContext c) {
        if (mag.signum() == 0) return negative ? Float80.NEGATIVE_ZERO : Float80.POSITIVE_ZERO;
        return SoftFloat.round(negative, mag, exp, EXTENDED, 64, c).pack80();
    }

    // ---- operands as the x87 unit sees them (memory operands keep their denormal/SNaN nature) ----

    public static FpValue operand(Float80 x) { return FpValue.unpack(x); }

    public static FpValue operandBinary32(int bits) { return FpValue.unpack(FloatFormat.BINARY32, bits & 0xFFFFFFFFL, false); }

    public static FpValue operandBinary64(long bits) { return FpValue.unpack(FloatFormat.BINARY64, bits, false); }

    /** An integer operand (FIADD...): exact. */
    public static FpValue operandInteger(long value) { return FpValue.unpack(fromInteger(value)); }

    /** The four basic operations on unpacked operands, rounded to the context's precision. */
    public enum Arithmetic {
        ADD, SUBTRACT, MULTIPLY, DIVIDE;

        public Float80 apply(FpValue a, FpValue b, FpContext c) {
            FpValue r = switch (this) {
                case ADD -> SoftFloat.add(a, b, EXTENDED, c.precision, c);
                case SUBTRACT -> SoftFloat.subtract(a, b, EXTENDED, c.precision, c);
                case MULTIPLY -> SoftFloat.multiply(a, b, EXTENDED, c.precision, c);
                case DIVIDE -> SoftFloat.divide(a, b, EXTENDED, c.precision, c);
            };
            return r.pack80();
        }
    }

    public static Comparison compare(FpValue a, FpValue b, boolean signaling, FpContext c) {
        return SoftFloat.compare(a, b, signaling, c);
    }

    // ---- classification helpers for the x87 unit ----

    public static boolean isNaN(Float80 a) { return unpack(a).isNaN(); }

    public static boolean isSignalingNaN(Float80 a) { return unpack(a).kind() == FpValue.Kind.SNAN; }

    public static FpValue.Kind kind(Float80 a) { return unpack(a).kind(); }

    public static FpValue value(Float80 a) { return unpack(a); }

    public static Float80 of(FpValue v) { return v.pack80(); }
}
