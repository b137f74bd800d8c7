package ukcf.cpu.fp;

import java.math.BigInteger;

import static ukcf.cpu.fp.FpException.DENORMAL;
import static ukcf.cpu.fp.FpException.DIVIDE_BY_ZERO;
import static ukcf.cpu.fp.FpException.INVALID;
import static ukcf.cpu.fp.FpException.OVERFLOW;
import static ukcf.cpu.fp.FpException.PRECISION;
import static ukcf.cpu.fp.FpException.UNDERFLOW;

/**
 * The engine SoftFloat was before it worked in 128-bit integers: every result computed exactly in BigInteger and
 * rounded in one place. Slow and plainly correct, it is kept as the reference SoftFloatAgainstExactTest holds the
 * fast engine to, on random operands in every format, precision, rounding direction and exception mask.
 */
final class ExactSoftFloat {
    private ExactSoftFloat() { }

    /**
     * x86 detects tininess after rounding (a result that rounds up to the smallest normal does not underflow),
     * verified against the native x87 and SSE units by the known-answer vectors.
     */
    static final boolean TININESS_AFTER_ROUNDING = true;

    // ---------------------------------------------------------------- rounding

    /** A rounded magnitude {@code q * 2^lsbExponent}. */
    private record Rounded(BigInteger q, int lsbExponent, boolean inexact, boolean up) {
        int leadingExponent() { return lsbExponent + q.bitLength() - 1; }

        FpValue value(boolean negative, int exponentAdjust) {
            if (q.signum() == 0) return FpValue.zero(negative);
            int length = q.bitLength();
            long significand = q.shiftLeft(64 - length).longValue();
            return FpValue.finite(negative, lsbExponent + length - 1 + exponentAdjust, significand);
        }
    }

    /** Rounds {@code mag * 2^exp} to a multiple of {@code 2^lsbExponent}. */
    private static Rounded roundAt(boolean negative, BigInteger mag, int exp, int lsbExponent, Rounding rounding) {
        int shift = lsbExponent - exp;
        if (shift <= 0) return new Rounded(mag, exp, false, false);
        BigInteger q = mag.shiftRight(shift);
        boolean roundBit = mag.testBit(shift - 1);
        boolean sticky = mag.getLowestSetBit() < shift - 1;
        boolean inexact = roundBit || sticky;
        boolean increment;
        switch (rounding) {
            case NEAREST_EVEN: increment = roundBit && (sticky || q.testBit(0)); break;
            case UP: increment = inexact && !negative; break;
            case DOWN: increment = inexact && negative; break;
            default: increment = false;
        }
        if (increment) q = q.add(BigInteger.ONE);
        return new Rounded(q, lsbExponent, inexact, increment);
    }

    /**
     * Rounds the exact nonzero value {@code (-1)^negative * mag * 2^exp} to {@code precision} significand bits in
     * the exponent range of {@code format}, raising overflow, underflow and precision as x86 does.
     */
    static FpValue round(boolean negative, BigInteger mag, int exp, FloatFormat format, int precision, FpContext c) {
        int leading = exp + mag.bitLength() - 1;
        Rounded unbounded = roundAt(negative, mag, exp, leading - precision + 1, c.rounding);
        boolean tiny = TININESS_AFTER_ROUNDING ? unbounded.leadingExponent() < format.minExponent
                : leading < format.minExponent;
        if (tiny) {
            // Denormal results keep the significand positions of the precision in use: with x87 precision control
            // at 24 or 53 bits the last kept bit sits at 2^(minExponent - precision + 1), not at extended's.
            int denormalLsb = format.minExponent - precision + 1;
            Rounded denormal = roundAt(negative, mag, exp, Math.max(leading - precision + 1, denormalLsb), c.rounding);
            if (!c.masked(UNDERFLOW) && (noTrapResult(c)
                    || unbounded.leadingExponent() + format.trapExponentAdjust >= format.minExponent)) {
                c.raise(UNDERFLOW | (unbounded.inexact ? PRECISION : 0));
                c.roundedUp = unbounded.up;
                return unbounded.value(negative, format.trapExponentAdjust);
            }
            if (c.flushToZero || !c.masked(UNDERFLOW)) {
                // FTZ; or an unmasked underflow too deep even for the rebiased result: a signed zero.
                c.raise(UNDERFLOW | PRECISION);
                c.roundedUp = false;
                return FpValue.zero(negative);
            }
            if (denormal.inexact) c.raise(UNDERFLOW | PRECISION);
            c.roundedUp = denormal.up;
            return denormal.value(negative, 0);
        }
        if (unbounded.leadingExponent() > format.maxExponent) {
            boolean trapped = !c.masked(OVERFLOW);
            if (trapped && (noTrapResult(c) || unbounded.leadingExponent() - format.trapExponentAdjust <= format.maxExponent)) {
                c.raise(OVERFLOW | (unbounded.inexact ? PRECISION : 0));
                c.roundedUp = unbounded.up;
                return unbounded.value(negative, -format.trapExponentAdjust);
            }
            c.raise(OVERFLOW | PRECISION);
            // Too large even for the rebiased result, an unmasked overflow delivers infinity in every mode.
            boolean toInfinity = trapped || switch (c.rounding) {
                case NEAREST_EVEN -> true;
                case UP -> !negative;
                case DOWN -> negative;
                case TOWARD_ZERO -> false;
            };
            c.roundedUp = toInfinity;
            if (toInfinity) return FpValue.infinity(negative);
            return FpValue.finite(negative, format.maxExponent, -1L << (64 - precision));
        }
        if (unbounded.inexact) c.raise(PRECISION);
        c.roundedUp = unbounded.up;
        return unbounded.value(negative, 0);
    }

    /**
     * SSE delivers no result on an unmasked overflow or underflow (#XM leaves the destination unchanged), so the
     * x87 rebiasing range does not apply: the flags are OE/UE, plus PE exactly when the unbounded result is
     * inexact, however far out of range the result is (native CVTSD2SS of 2^-1074 with UE unmasked: UE only).
     */
    private static boolean noTrapResult(FpContext c) { return c.dialect == FpContext.Dialect.SSE; }

    private static BigInteger magnitude(FpValue v) {
        BigInteger m = BigInteger.valueOf(v.significand() >>> 1).shiftLeft(1);
        return (v.significand() & 1) != 0 ? m.setBit(0) : m;
    }

    private static int lsbExponent(FpValue v) { return v.exponent() - 63; }

    // ---------------------------------------------------------------- special operands

    /**
     * Resolves NaN and unsupported operands of a two-operand operation. Returns the result, or null when both
     * operands are numbers (then the denormal-operand exception has been raised if it applies).
     */
    static FpValue specialOperands(FpValue a, FpValue b, FpContext c) {
        if (a.kind() == FpValue.Kind.UNSUPPORTED || b.kind() == FpValue.Kind.UNSUPPORTED) {
            c.raise(INVALID);
            return FpValue.DEFAULT_NAN;
        }
        if (a.isNaN() || b.isNaN()) {
            if (a.kind() == FpValue.Kind.SNAN || b.kind() == FpValue.Kind.SNAN) c.raise(INVALID);
            return propagateNaN(a, b, c);
        }
        return null;
    }

    /** NaN propagation, SDM vol. 1 table 4-7. */
    static FpValue propagateNaN(FpValue a, FpValue b, FpContext c) {
        if (!b.isNaN()) return a.quieted();
        if (!a.isNaN()) return b.quieted();
        if (c.dialect == FpContext.Dialect.SSE) return a.quieted();
        if (a.kind() != b.kind()) return a.kind() == FpValue.Kind.QNAN ? a : b;
        int bySignificand = Long.compareUnsigned(a.significand() & ~FpValue.QUIET_BIT, b.significand() & ~FpValue.QUIET_BIT);
        if (bySignificand != 0) return (bySignificand > 0 ? a : b).quieted();
        return (a.negative() ? b : a).quieted();
    }

    static FpValue invalid(FpContext c) {
        c.raise(INVALID);
        return FpValue.DEFAULT_NAN;
    }

    /**
     * Raises the denormal-operand exception if it applies; returns true when it is unmasked, in which case the
     * operation stops there (the instruction traps before computing, and no later exception is reported).
     */
    private static boolean denormalTrap(FpValue a, FpValue b, FpContext c) {
        if (!a.denormalInput() && (b == null || !b.denormalInput())) return false;
        c.raise(DENORMAL);
        return !c.masked(DENORMAL);
    }

    // ---------------------------------------------------------------- arithmetic

    public static FpValue add(FpValue a, FpValue b, FloatFormat format, int precision, FpContext c) {
        FpValue special = specialOperands(a, b, c);
        if (special != null) return special;
        if (a.kind() == FpValue.Kind.INFINITY || b.kind() == FpValue.Kind.INFINITY) {
            if (a.kind() == FpValue.Kind.INFINITY && b.kind() == FpValue.Kind.INFINITY && a.negative() != b.negative()) {
                return invalid(c);
            }
            if (denormalTrap(a, b, c)) return a;
            return (a.kind() == FpValue.Kind.INFINITY ? a : b).withoutInputMark();
        }
        if (denormalTrap(a, b, c)) return a;
        if (a.kind() == FpValue.Kind.ZERO && b.kind() == FpValue.Kind.ZERO) {
            if (a.negative() == b.negative()) return a;
            return FpValue.zero(c.rounding == Rounding.DOWN);
        }
        if (a.kind() == FpValue.Kind.ZERO) return round(b.negative(), magnitude(b), lsbExponent(b), format, precision, c);
        if (b.kind() == FpValue.Kind.ZERO) return round(a.negative(), magnitude(a), lsbExponent(a), format, precision, c);
        // Keep the exact sum small: an addend far below the other's rounding position acts only as a sticky bit.
        FpValue big = a.exponent() >= b.exponent() ? a : b;
        FpValue small = big == a ? b : a;
        int floor = lsbExponent(big) - 80;
        BigInteger smallMag = magnitude(small);
        int smallExp = lsbExponent(small);
        if (small.exponent() < floor) {
            smallMag = BigInteger.ONE;
            smallExp = floor - 1;
        }
        BigInteger bigMag = magnitude(big).shiftLeft(lsbExponent(big) - smallExp);
        BigInteger signedBig = big.negative() ? bigMag.negate() : bigMag;
        BigInteger signedSmall = small.negative() ? smallMag.negate() : smallMag;
        BigInteger sum = signedBig.add(signedSmall);
        if (sum.signum() == 0) return FpValue.zero(c.rounding == Rounding.DOWN);
        return round(sum.signum() < 0, sum.abs(), smallExp, format, precision, c);
    }

    public static FpValue subtract(FpValue a, FpValue b, FloatFormat format, int precision, FpContext c) {
        return add(a, b.isNaN() ? b : b.withSign(!b.negative()), format, precision, c);
    }

    public static FpValue multiply(FpValue a, FpValue b, FloatFormat format, int precision, FpContext c) {
        FpValue special = specialOperands(a, b, c);
        if (special != null) return special;
        boolean negative = a.negative() != b.negative();
        boolean infinite = a.kind() == FpValue.Kind.INFINITY || b.kind() == FpValue.Kind.INFINITY;
        boolean zero = a.kind() == FpValue.Kind.ZERO || b.kind() == FpValue.Kind.ZERO;
        if (infinite && zero) return invalid(c);
        if (denormalTrap(a, b, c)) return a;
        if (infinite) return FpValue.infinity(negative);
        if (zero) return FpValue.zero(negative);
        return round(negative, magnitude(a).multiply(magnitude(b)), lsbExponent(a) + lsbExponent(b), format, precision, c);
    }

    private static final int QUOTIENT_EXTRA_BITS = 130;

    public static FpValue divide(FpValue a, FpValue b, FloatFormat format, int precision, FpContext c) {
        FpValue special = specialOperands(a, b, c);
        if (special != null) return special;
        boolean negative = a.negative() != b.negative();
        FpValue.Kind ka = a.kind(), kb = b.kind();
        if ((ka == FpValue.Kind.INFINITY && kb == FpValue.Kind.INFINITY) || (ka == FpValue.Kind.ZERO && kb == FpValue.Kind.ZERO)) {
            return invalid(c);
        }
        if (ka == FpValue.Kind.INFINITY) {
            if (denormalTrap(a, b, c)) return a;
            return FpValue.infinity(negative);
        }
        if (kb == FpValue.Kind.ZERO) {
            c.raise(DIVIDE_BY_ZERO);
            return FpValue.infinity(negative);
        }
        if (denormalTrap(a, b, c)) return a;
        if (kb == FpValue.Kind.INFINITY || ka == FpValue.Kind.ZERO) return FpValue.zero(negative);
        BigInteger[] qr = magnitude(a).shiftLeft(QUOTIENT_EXTRA_BITS).divideAndRemainder(magnitude(b));
        BigInteger mag = qr[0].shiftLeft(1);
        if (qr[1].signum() != 0) mag = mag.setBit(0);
        return round(negative, mag, lsbExponent(a) - lsbExponent(b) - QUOTIENT_EXTRA_BITS - 1, format, precision, c);
    }

    public static FpValue sqrt(FpValue a, FloatFormat format, int precision, FpContext c) {
        if (a.kind() == FpValue.Kind.UNSUPPORTED) return invalid(c);
        if (a.isNaN()) {
            if (a.kind() == FpValue.Kind.SNAN) c.raise(INVALID);
            return a.quieted();
        }
        if (a.kind() == FpValue.Kind.ZERO) return a;
        if (a.negative()) return invalid(c);
        if (denormalTrap(a, null, c)) return a;
        if (a.kind() == FpValue.Kind.INFINITY) return a;
        int exp = lsbExponent(a);
        BigInteger mag = magnitude(a);
        if ((exp & 1) != 0) {
            mag = mag.shiftLeft(1);
            exp -= 1;
        }
        int extra = 2 * QUOTIENT_EXTRA_BITS;
        BigInteger scaled = mag.shiftLeft(extra);
        BigInteger root = scaled.sqrt();
        BigInteger result = root.shiftLeft(1);
        if (!root.multiply(root).equals(scaled)) result = result.setBit(0);
        return round(false, result, (exp - extra) / 2 - 1, format, precision, c);
    }

    /** Converts between formats (loads, stores, CVTSS2SD...); {@code denormalSignals} raises DE for denormal input. */
    public static FpValue convert(FpValue a, FloatFormat format, boolean denormalSignals, FpContext c) {
        switch (a.kind()) {
            case UNSUPPORTED: return invalid(c);
            case SNAN: c.raise(INVALID); return a.quieted();
            case QNAN: return a;
            case ZERO: case INFINITY: return a;
            default:
                if (denormalSignals && denormalTrap(a, null, c)) return a;
                return round(a.negative(), magnitude(a), lsbExponent(a), format, format.precision, c);
        }
    }

    /** Rounds a value to an integral value in the same format (FRNDINT, ROUNDSD-like behaviour). */
    public static FpValue roundToIntegral(FpValue a, Rounding rounding, FpContext c) {
        switch (a.kind()) {
            case UNSUPPORTED: return invalid(c);
            case SNAN: c.raise(INVALID); return a.quieted();
            case QNAN: case ZERO: case INFINITY: return a;
            default:
        }
        if (denormalTrap(a, null, c)) return a;
        if (a.exponent() >= 63) return a.withoutInputMark();
        Rounded r = roundAt(a.negative(), magnitude(a), lsbExponent(a), 0, rounding);
        if (r.inexact) c.raise(PRECISION);
        c.roundedUp = r.up;
        return r.value(a.negative(), 0);
    }

    // ---------------------------------------------------------------- integers

    /** The integer indefinite value of a {@code bits}-wide integer (only its sign bit set), sign-extended. */
    public static long integerIndefinite(int bits) { return -(1L << (bits - 1)); }

    /**
     * Converts to a signed {@code bits}-wide integer (16, 32 or 64), rounding per {@code rounding}. NaN,
     * infinity and out-of-range values raise invalid and return {@link #integerIndefinite}. The result is
     * sign-extended to 64 bits.
     */
    public static long toInteger(FpValue a, int bits, Rounding rounding, FpContext c) {
        switch (a.kind()) {
            case ZERO: return 0;
            case FINITE: break;
            default:
                c.raise(INVALID);
                return integerIndefinite(bits);
        }
        Rounded r = roundAt(a.negative(), magnitude(a), lsbExponent(a), 0, rounding);
        BigInteger value = r.q.shiftLeft(r.lsbExponent);
        if (a.negative()) value = value.negate();
        if (value.bitLength() > bits - 1) {
            c.raise(INVALID);
            return integerIndefinite(bits);
        }
        if (r.inexact) c.raise(PRECISION);
        c.roundedUp = r.up;
        return value.longValue();
    }

    /** Converts a signed integer to {@code format}, rounding per the context (exact for EXTENDED). */
    public static FpValue fromInteger(long value, FloatFormat format, FpContext c) {
        if (value == 0) return FpValue.zero(false);
        BigInteger mag = BigInteger.valueOf(value).abs();
        return round(value < 0, mag, 0, format, format.precision, c);
    }

    // ---------------------------------------------------------------- comparison

    /**
     * Compares {@code a} with {@code b}. Unordered operands raise invalid if either is an SNaN or an
     * unsupported encoding, or if {@code signaling} (FCOM, COMISD) and either is a NaN.
     */
    public static Comparison compare(FpValue a, FpValue b, boolean signaling, FpContext c) {
        if (a.kind() == FpValue.Kind.UNSUPPORTED || b.kind() == FpValue.Kind.UNSUPPORTED) {
            c.raise(INVALID);
            return Comparison.UNORDERED;
        }
        if (a.isNaN() || b.isNaN()) {
            if (signaling || a.kind() == FpValue.Kind.SNAN || b.kind() == FpValue.Kind.SNAN) c.raise(INVALID);
            return Comparison.UNORDERED;
        }
        denormalTrap(a, b, c);   // an unmasked denormal still reports the order (measured on x87)
        int order = Integer.signum(orderKey(a).compareTo(orderKey(b)));
        return order < 0 ? Comparison.LESS : order > 0 ? Comparison.GREATER : Comparison.EQUAL;
    }

    /** A number whose order is the order of the values (zeros equal, infinities at the ends). */
    private static BigInteger orderKey(FpValue v) {
        BigInteger key;
        switch (v.kind()) {
            case ZERO: return BigInteger.ZERO;
            case INFINITY: key = BigInteger.ONE.shiftLeft(82); break;
            default:
                // exponents fit in 17 bits after offset; significand below them
                key = BigInteger.valueOf(v.exponent() + (1 << 16)).shiftLeft(64).or(magnitude(v));
        }
        return v.negative() ? key.negate() : key;
    }
}
