package ukcf.cpu.fp;

import java.math.BigInteger;

import static ukcf.cpu.fp.FpException.INVALID;
import static ukcf.cpu.fp.FpException.OVERFLOW;
import static ukcf.cpu.fp.FpException.PRECISION;
import static ukcf.cpu.fp.FpException.UNDERFLOW;

/**
 * The engine SoftFloat was before it worked in 128-bit integers: every result computed exactly in BigInteger and
 * rounded in one place. Slow and plainly correct, it is kept as the reference SoftFloatAgainstExactTest holds the
 * fast engine to, on random operands in every format, precision, rounding direction and exception mask. Its own
 * are the exact arithmetic and the rounding of an exact result; special operands (NaNs, infinities, zeros, the
 * denormal-operand trap) it leaves to SoftFloat, whose code for them did not change.
 */
final class ExactSoftFloat {
    private ExactSoftFloat() { }

    private static final boolean TININESS_AFTER_ROUNDING = SoftFloat.TININESS_AFTER_ROUNDING;

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
            if (!c.masked(UNDERFLOW) && (SoftFloat.noTrapResult(c)
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
            if (trapped && (SoftFloat.noTrapResult(c) || unbounded.leadingExponent() - format.trapExponentAdjust <= format.maxExponent)) {
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

    private static BigInteger magnitude(FpValue v) {
        BigInteger m = BigInteger.valueOf(v.significand() >>> 1).shiftLeft(1);
        return (v.significand() & 1) != 0 ? m.setBit(0) : m;
    }

    private static int lsbExponent(FpValue v) { return v.exponent() - 63; }

    private static boolean finite(FpValue... values) {
        for (FpValue v : values) if (v.kind() != FpValue.Kind.FINITE) return false;
        return true;
    }

    // ---------------------------------------------------------------- arithmetic on finite nonzero operands

    static FpValue add(FpValue a, FpValue b, FloatFormat format, int precision, FpContext c) {
        if (!finite(a, b)) return SoftFloat.add(a, b, format, precision, c);
        if (SoftFloat.denormalTrap(a, b, c)) return a;
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

    static FpValue subtract(FpValue a, FpValue b, FloatFormat format, int precision, FpContext c) {
        return add(a, b.isNaN() ? b : b.withSign(!b.negative()), format, precision, c);
    }

    static FpValue multiply(FpValue a, FpValue b, FloatFormat format, int precision, FpContext c) {
        if (!finite(a, b)) return SoftFloat.multiply(a, b, format, precision, c);
        if (SoftFloat.denormalTrap(a, b, c)) return a;
        return round(a.negative() != b.negative(), magnitude(a).multiply(magnitude(b)), lsbExponent(a) + lsbExponent(b),
                format, precision, c);
    }

    private static final int QUOTIENT_EXTRA_BITS = 130;

    static FpValue divide(FpValue a, FpValue b, FloatFormat format, int precision, FpContext c) {
        if (!finite(a, b)) return SoftFloat.divide(a, b, format, precision, c);
        if (SoftFloat.denormalTrap(a, b, c)) return a;
        BigInteger[] qr = magnitude(a).shiftLeft(QUOTIENT_EXTRA_BITS).divideAndRemainder(magnitude(b));
        BigInteger mag = qr[0].shiftLeft(1);
        if (qr[1].signum() != 0) mag = mag.setBit(0);
        return round(a.negative() != b.negative(), mag, lsbExponent(a) - lsbExponent(b) - QUOTIENT_EXTRA_BITS - 1,
                format, precision, c);
    }

    static FpValue sqrt(FpValue a, FloatFormat format, int precision, FpContext c) {
        if (!finite(a) || a.negative()) return SoftFloat.sqrt(a, format, precision, c);
        if (SoftFloat.denormalTrap(a, null, c)) return a;
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

    static FpValue convert(FpValue a, FloatFormat format, boolean denormalSignals, FpContext c) {
        if (!finite(a)) return SoftFloat.convert(a, format, denormalSignals, c);
        if (denormalSignals && SoftFloat.denormalTrap(a, null, c)) return a;
        return round(a.negative(), magnitude(a), lsbExponent(a), format, format.precision, c);
    }

    static FpValue roundToIntegral(FpValue a, Rounding rounding, FpContext c) {
        if (!finite(a)) return SoftFloat.roundToIntegral(a, rounding, c);
        if (SoftFloat.denormalTrap(a, null, c)) return a;
        if (a.exponent() >= 63) return a.withoutInputMark();
        Rounded r = roundAt(a.negative(), magnitude(a), lsbExponent(a), 0, rounding);
        if (r.inexact) c.raise(PRECISION);
        c.roundedUp = r.up;
        return r.value(a.negative(), 0);
    }

    static long toInteger(FpValue a, int bits, Rounding rounding, FpContext c) {
        if (!finite(a)) return SoftFloat.toInteger(a, bits, rounding, c);
        Rounded r = roundAt(a.negative(), magnitude(a), lsbExponent(a), 0, rounding);
        BigInteger value = r.q.shiftLeft(r.lsbExponent);
        if (a.negative()) value = value.negate();
        if (value.bitLength() > bits - 1) {
            c.raise(INVALID);
            return SoftFloat.integerIndefinite(bits);
        }
        if (r.inexact) c.raise(PRECISION);
        c.roundedUp = r.up;
        return value.longValue();
    }

    static FpValue fromInteger(long value, FloatFormat format, FpContext c) {
        if (value == 0) return FpValue.zero(false);
        return round(value < 0, BigInteger.valueOf(value).abs(), 0, format, format.precision, c);
    }

    static Comparison compare(FpValue a, FpValue b, boolean signaling, FpContext c) {
        if (a.isNaN() || b.isNaN() || a.kind() == FpValue.Kind.UNSUPPORTED || b.kind() == FpValue.Kind.UNSUPPORTED) {
            return SoftFloat.compare(a, b, signaling, c);
        }
        SoftFloat.denormalTrap(a, b, c);
        int order = Integer.signum(orderKey(a).compareTo(orderKey(b)));
        return order < 0 ? Comparison.LESS : order > 0 ? Comparison.GREATER : Comparison.EQUAL;
    }

    /** A number whose order is the order of the values (zeros equal, infinities at the ends). */
    private static BigInteger orderKey(FpValue v) {
        BigInteger key;
        switch (v.kind()) {
            case ZERO: return BigInteger.ZERO;
            case INFINITY: key = BigInteger.ONE.shiftLeft(82); break;
            default: key = BigInteger.valueOf(v.exponent() + (1 << 16)).shiftLeft(64).or(magnitude(v));
        }
        return v.negative() ? key.negate() : key;
    }
}
