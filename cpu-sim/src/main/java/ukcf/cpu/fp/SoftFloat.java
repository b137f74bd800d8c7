package ukcf.cpu.fp;

import java.math.BigInteger;

import static ukcf.cpu.fp.FpException.DENORMAL;
import static ukcf.cpu.fp.FpException.DIVIDE_BY_ZERO;
import static ukcf.cpu.fp.FpException.INVALID;
import static ukcf.cpu.fp.FpException.OVERFLOW;
import static ukcf.cpu.fp.FpException.PRECISION;
import static ukcf.cpu.fp.FpException.UNDERFLOW;

/**
 * The format-independent engine. Every operation computes its result exactly, or with every bit below the rounding
 * position that matters folded into a sticky bit, as an unsigned 128-bit integer (two longs) times a power of two,
 * and hands it to {@link #round}, the one place where precision, exponent range, rounding direction,
 * overflow/underflow and their masked and unmasked responses are decided. Special operands are resolved first in
 * SDM priority order (SDM vol. 1, 8.7): invalid operand (SNaN, unsupported encoding), QNaN propagation, other
 * invalid / divide-by-zero, denormal operand.
 *
 * <p>Significands are 64 bits, so a product fits 128 bits exactly; a sum is exact unless one addend lies more than
 * 63 bits below the other, a quotient carries 126 bits and a square root 64 bits, its half bit and a sticky bit:
 * either way the rounding positions (at most 64 bits below the leading one) are above the folded bits, which only
 * decide inexactness. (The engine was all BigInteger before; {@code SoftFloatAgainstExactTest} holds this one to
 * that one.)
 *
 * <p>Use the format facades {@link Binary32}, {@link Binary64} and {@link Extended}; this class works on
 * {@link FpValue}s.
 */
public final class SoftFloat {
    private SoftFloat() { }

    /**
     * x86 detects tininess after rounding (a result that rounds up to the smallest normal does not underflow),
     * verified against the native x87 and SSE units by the known-answer vectors.
     */
    static final boolean TININESS_AFTER_ROUNDING = true;

    // ---------------------------------------------------------------- 128-bit magnitudes

    /** Significant bits of the unsigned 128-bit integer hi:lo (0 for zero). */
    private static int bitLength(long hi, long lo) {
        return hi != 0 ? 128 - Long.numberOfLeadingZeros(hi) : 64 - Long.numberOfLeadingZeros(lo);
    }

    /** Bit {@code n} of hi:lo (0 from bit 128 on). */
    private static boolean testBit(long hi, long lo, int n) {
        if (n >= 128) return false;
        return n >= 64 ? (hi >>> (n - 64) & 1) != 0 : (lo >>> n & 1) != 0;
    }

    /** Whether any bit of hi:lo below bit {@code n} is set. */
    private static boolean anyBitBelow(long hi, long lo, int n) {
        if (n <= 0) return false;
        if (n >= 128) return (hi | lo) != 0;
        if (n >= 64) return lo != 0 || n > 64 && hi << (128 - n) != 0;
        return lo << (64 - n) != 0;
    }

    /** The low 64 bits of hi:lo shifted right by {@code n} (at least 0). */
    private static long shiftRight(long hi, long lo, int n) {
        if (n == 0) return lo;
        if (n >= 128) return 0;
        if (n >= 64) return hi >>> (n - 64);
        return lo >>> n | hi << (64 - n);
    }

    /** The high 64 bits of the unsigned 128-bit product of {@code a} and {@code b}. */
    private static long multiplyHighUnsigned(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /**
     * The quotient of hi:lo by {@code d}, where {@code d} has bit 63 set and {@code hi < d} (so the quotient fits
     * 64 bits): long division in two 32-bit digits, each estimated from the divisor's high half and corrected
     * (Knuth's algorithm D).
     */
    private static long divide128(long hi, long lo, long d) {
        long dHigh = d >>> 32, dLow = d & 0xFFFF_FFFFL;
        long q1 = quotientDigit(hi, lo >>> 32, dHigh, dLow);
        long partial = (hi << 32 | lo >>> 32) - q1 * d;
        long q0 = quotientDigit(partial, lo & 0xFFFF_FFFFL, dHigh, dLow);
        return q1 << 32 | q0;
    }

    /** One 32-bit digit of {@link #divide128}: (u * 2^32 + next) / (dHigh * 2^32 + dLow), u < the divisor. */
    private static long quotientDigit(long u, long next, long dHigh, long dLow) {
        long q = Long.divideUnsigned(u, dHigh);
        long r = u - q * dHigh;
        while (Long.compareUnsigned(q, 0xFFFF_FFFFL) > 0 || Long.compareUnsigned(q * dLow, r << 32 | next) > 0) {
            q--;
            r += dHigh;
            if (Long.compareUnsigned(r, 0xFFFF_FFFFL) > 0) break;
        }
        return q;
    }

    // ---------------------------------------------------------------- rounding

    /**
     * A rounded magnitude {@code q * 2^lsbExponent}, {@code q} unsigned; a rounding that carries out of 64 bits is
     * kept as {@code 2^63 * 2^(lsbExponent + 1)}.
     */
    private record Rounded(long q, int lsbExponent, boolean inexact, boolean up) {
        int length() { return 64 - Long.numberOfLeadingZeros(q); }

        int leadingExponent() { return lsbExponent + length() - 1; }

        FpValue value(boolean negative, int exponentAdjust) {
            if (q == 0) return FpValue.zero(negative);
            int length = length();
            return FpValue.finite(negative, lsbExponent + length - 1 + exponentAdjust, q << (64 - length));
        }
    }

    /**
     * Rounds {@code hi:lo * 2^exp} to a multiple of {@code 2^lsbExponent}. Callers keep the rounded magnitude
     * within 64 bits: a magnitude that needs no rounding has at most 64 bits.
     */
    private static Rounded roundAt(boolean negative, long hi, long lo, int exp, int lsbExponent, Rounding rounding) {
        int shift = lsbExponent - exp;
        if (shift <= 0) return new Rounded(lo, exp, false, false);
        long q = shiftRight(hi, lo, shift);
        boolean roundBit = testBit(hi, lo, shift - 1);
        boolean sticky = anyBitBelow(hi, lo, shift - 1);
        boolean inexact = roundBit || sticky;
        boolean increment;
        switch (rounding) {
            case NEAREST_EVEN: increment = roundBit && (sticky || (q & 1) != 0); break;
            case UP: increment = inexact && !negative; break;
            case DOWN: increment = inexact && negative; break;
            default: increment = false;
        }
        if (increment && ++q == 0) return new Rounded(1L << 63, lsbExponent + 1, inexact, true);
        return new Rounded(q, lsbExponent, inexact, increment);
    }

    /**
     * Rounds the exact nonzero value {@code (-1)^negative * mag * 2^exp} to {@code precision} significand bits in
     * the exponent range of {@code format}; for callers that compute in BigInteger (FSCALE, FPREM). Bits more
     * than 126 below the leading one are folded into a sticky bit.
     */
    static FpValue round(boolean negative, BigInteger mag, int exp, FloatFormat format, int precision, FpContext c) {
        int excess = mag.bitLength() - 127;
        if (excess > 0) {
            boolean sticky = mag.getLowestSetBit() < excess;
            mag = mag.shiftRight(excess);
            if (sticky) mag = mag.setBit(0);
            exp += excess;
        }
        return round(negative, mag.shiftRight(64).longValue(), mag.longValue(), exp, format, precision, c);
    }

    /**
     * Rounds the exact nonzero value {@code (-1)^negative * hi:lo * 2^exp} to {@code precision} significand bits in
     * the exponent range of {@code format}, raising overflow, underflow and precision as x86 does.
     */
    static FpValue round(boolean negative, long hi, long lo, int exp, FloatFormat format, int precision, FpContext c) {
        int leading = exp + bitLength(hi, lo) - 1;
        Rounded unbounded = roundAt(negative, hi, lo, exp, leading - precision + 1, c.rounding);
        boolean tiny = TININESS_AFTER_ROUNDING ? unbounded.leadingExponent() < format.minExponent
                : leading < format.minExponent;
        if (tiny) {
            // Denormal results keep the significand positions of the precision in use: with x87 precision control
            // at 24 or 53 bits the last kept bit sits at 2^(minExponent - precision + 1), not at extended's.
            int denormalLsb = format.minExponent - precision + 1;
            Rounded denormal = roundAt(negative, hi, lo, exp, Math.max(leading - precision + 1, denormalLsb), c.rounding);
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
    static boolean noTrapResult(FpContext c) { return c.dialect == FpContext.Dialect.SSE; }


    /** Rounds a finite value as it is (conversions, operations with a zero operand). */
    private static FpValue round(FpValue v, FloatFormat format, int precision, FpContext c) {
        return round(v.negative(), 0, v.significand(), lsbExponent(v), format, precision, c);
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
    static boolean denormalTrap(FpValue a, FpValue b, FpContext c) {
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
        if (a.kind() == FpValue.Kind.ZERO) return round(b, format, precision, c);
        if (b.kind() == FpValue.Kind.ZERO) return round(a, format, precision, c);
        // The larger operand's significand at bits 126..63 of a 128-bit frame (a sum cannot carry out of it), the
        // smaller one aligned below; bits it loses past the frame's end become a sticky bit 0, which is over 60
        // bits below any rounding position of the result (it differs from the larger operand by at most one bit).
        FpValue big = a.exponent() >= b.exponent() ? a : b;
        FpValue small = big == a ? b : a;
        long bigHi = big.significand() >>> 1, bigLo = big.significand() << 63;
        long smallHi, smallLo, significand = small.significand();
        int shift = 63 - (big.exponent() - small.exponent());
        if (shift > 0) {
            smallHi = significand >>> (64 - shift);
            smallLo = significand << shift;
        } else {
            int right = -shift; // 0 or more: bits below the frame fold into bit 0
            smallHi = 0;
            if (right == 0) smallLo = significand;
            else if (right >= 64) smallLo = 1;
            else smallLo = significand >>> right | (significand << (64 - right) != 0 ? 1 : 0);
        }
        long hi, lo;
        boolean negative;
        if (big.negative() == small.negative()) {
            lo = bigLo + smallLo;
            hi = bigHi + smallHi + (Long.compareUnsigned(lo, bigLo) < 0 ? 1 : 0);
            negative = big.negative();
        } else {
            int order = bigHi != smallHi ? Long.compareUnsigned(bigHi, smallHi) : Long.compareUnsigned(bigLo, smallLo);
            if (order == 0) return FpValue.zero(c.rounding == Rounding.DOWN);
            boolean bigFirst = order > 0;
            long xHi = bigFirst ? bigHi : smallHi, xLo = bigFirst ? bigLo : smallLo;
            long yHi = bigFirst ? smallHi : bigHi, yLo = bigFirst ? smallLo : bigLo;
            lo = xLo - yLo;
            hi = xHi - yHi - (Long.compareUnsigned(xLo, yLo) < 0 ? 1 : 0);
            negative = bigFirst ? big.negative() : small.negative();
        }
        return round(negative, hi, lo, lsbExponent(big) - 63, format, precision, c);
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
        long x = a.significand(), y = b.significand();
        return round(negative, multiplyHighUnsigned(x, y), x * y, lsbExponent(a) + lsbExponent(b), format, precision, c);
    }

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
        // x * 2^126 / y in two 64-bit digits (x * 2^62 / y < 2^63), then one sticky bit for the remainder.
        long x = a.significand(), y = b.significand();
        long high = divide128(x >>> 2, x << 62, y);
        long rest = (x << 62) - high * y;
        long low = divide128(rest, 0, y);
        boolean sticky = low * y != 0;
        return round(negative, high << 1 | low >>> 63, low << 1 | (sticky ? 1 : 0), lsbExponent(a) - lsbExponent(b) - 127,
                format, precision, c);
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
        // a = m * 2^e with m = significand * 2^64 (e even) or * 2^63 (e odd), so that m's root r has 64 bits.
        int exp = lsbExponent(a);
        boolean odd = (exp & 1) != 0;
        long mHigh = odd ? a.significand() >>> 1 : a.significand(), mLow = odd ? a.significand() << 63 : 0;
        int e = exp - (odd ? 63 : 64);
        long root = squareRoot128(mHigh, mLow);
        // m - r^2 (at most 2r, so up to 65 bits); the root is never a midpoint, so the half bit is (m - r^2 > r)
        // and every bit below it is set when the remainder is not zero.
        long squareLow = root * root;
        long remainderLow = mLow - squareLow;
        long remainderHigh = mHigh - multiplyHighUnsigned(root, root) - (Long.compareUnsigned(mLow, squareLow) < 0 ? 1 : 0);
        boolean half = remainderHigh != 0 || Long.compareUnsigned(remainderLow, root) > 0;
        boolean sticky = (remainderHigh | remainderLow) != 0;
        return round(false, root >>> 62, root << 2 | (half ? 2 : 0) | (sticky ? 1 : 0), e / 2 - 2, format, precision, c);
    }

    /**
     * The integer square root of hi:lo for 2^126 <= hi:lo < 2^128 (a 64-bit root with bit 63 set): a
     * double-precision estimate, Newton steps with {@link #divide128}, and a final exact correction.
     */
    private static long squareRoot128(long hi, long lo) {
        double estimate = Math.sqrt((hi >>> 1) * 2.0 + (hi & 1)) * 0x1p32;
        // As an unsigned long of at least 2^63: divide128 wants a normalized divisor.
        long r = estimate >= 0x1p64 ? -1L : estimate > 0x1p63 ? (long) (estimate - 0x1p63) | Long.MIN_VALUE : Long.MIN_VALUE;
        for (int step = 0; step < 2; step++) {
            long q = Long.compareUnsigned(hi, r) < 0 ? divide128(hi, lo, r) : -1L;
            r = (r >>> 1) + (q >>> 1) + (r & q & 1);
            if (r >= 0) r = Long.MIN_VALUE;
        }
        while (squareExceeds(r, hi, lo)) r--;
        while (r != -1L && !squareExceeds(r + 1, hi, lo)) r++;
        return r;
    }

    /** Whether r^2 > hi:lo (unsigned). */
    private static boolean squareExceeds(long r, long hi, long lo) {
        long squareHigh = multiplyHighUnsigned(r, r);
        return squareHigh != hi ? Long.compareUnsigned(squareHigh, hi) > 0 : Long.compareUnsigned(r * r, lo) > 0;
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
                return round(a, format, format.precision, c);
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
        Rounded r = roundAt(a.negative(), 0, a.significand(), lsbExponent(a), 0, rounding);
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
        Rounded r = roundAt(a.negative(), 0, a.significand(), lsbExponent(a), 0, rounding);
        // |value| = q * 2^lsbExponent (lsbExponent >= 0 here); a negative value may reach -2^(bits-1).
        int length = r.q == 0 ? 0 : r.length() + r.lsbExponent;
        long magnitude = length > 64 ? 0 : r.q << r.lsbExponent;
        int significantBits = length > 64 ? length
                : 64 - Long.numberOfLeadingZeros(a.negative() && magnitude != 0 ? magnitude - 1 : magnitude);
        if (significantBits > bits - 1) {
            c.raise(INVALID);
            return integerIndefinite(bits);
        }
        if (r.inexact) c.raise(PRECISION);
        c.roundedUp = r.up;
        return a.negative() ? -magnitude : magnitude;
    }

    /** Converts a signed integer to {@code format}, rounding per the context (exact for EXTENDED). */
    public static FpValue fromInteger(long value, FloatFormat format, FpContext c) {
        if (value == 0) return FpValue.zero(false);
        return round(value < 0, 0, value < 0 ? -value : value, 0, format, format.precision, c);
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
        int order = order(a, b);
        return order < 0 ? Comparison.LESS : order > 0 ? Comparison.GREATER : Comparison.EQUAL;
    }

    /** The order of two ordered values: by sign (zeros equal whatever theirs), then by magnitude. */
    private static int order(FpValue a, FpValue b) {
        int signA = a.kind() == FpValue.Kind.ZERO ? 0 : a.negative() ? -1 : 1;
        int signB = b.kind() == FpValue.Kind.ZERO ? 0 : b.negative() ? -1 : 1;
        if (signA != signB || signA == 0) return Integer.compare(signA, signB);
        return signA * compareMagnitudes(a, b);
    }

    /** Magnitudes of two nonzero numbers: infinity above every finite value, then exponent, then significand. */
    private static int compareMagnitudes(FpValue a, FpValue b) {
        boolean infiniteA = a.kind() == FpValue.Kind.INFINITY, infiniteB = b.kind() == FpValue.Kind.INFINITY;
        if (infiniteA || infiniteB) return Boolean.compare(infiniteA, infiniteB);
        if (a.exponent() != b.exponent()) return Integer.compare(a.exponent(), b.exponent());
        return Long.compareUnsigned(a.significand(), b.significand());
    }
}
