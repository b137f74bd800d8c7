package ukcf.cpu.fp;

import java.math.BigInteger;

import static ukcf.cpu.fp.FloatFormat.EXTENDED;

/**
 * The x87-only operations on extended values: FSCALE, FXTRACT and the partial remainders FPREM/FPREM1. They
 * follow the same special-operand order as {@link SoftFloat} (invalid operand, NaN, other invalid, denormal).
 */
public final class X87Special {
    private X87Special() { }

    /** Result of FPREM/FPREM1: the (partial) remainder, the low three quotient bits, and whether it is final. */
    public record Remainder(Float80 value, int quotientLowBits, boolean complete, boolean quotientValid) {
        Remainder(Float80 value, int quotientLowBits, boolean complete) { this(value, quotientLowBits, complete, true); }

        static Remainder special(Float80 value) { return new Remainder(value, 0, true, false); }
    }

    /** Beyond this many bits of exponent difference FPREM/FPREM1 reduce only partially (C2 = 1). */
    static final int REMAINDER_COMPLETE_LIMIT = 64;
    /**
     * The SDM's implementation-defined N of a partial step: the dividend's exponent drops by at least N. Intel
     * and AMD use N = 32 + (D mod 32) (measured on hardware by the known-answer vectors).
     */
    static int partialReductionBits(int exponentDifference) { return 32 | (exponentDifference & 31); }

    /** FSCALE: st0 * 2^trunc(st1). */
    public static Float80 scale(Float80 st0, Float80 st1, FpContext c) {
        FpValue a = FpValue.unpack(st0), b = FpValue.unpack(st1);
        FpValue special = SoftFloat.specialOperands(a, b, c);
        if (special != null) return special.pack80();
        if (b.kind() == FpValue.Kind.INFINITY) {
            boolean grow = !b.negative();
            if ((grow && a.kind() == FpValue.Kind.ZERO) || (!grow && a.kind() == FpValue.Kind.INFINITY)) {
                return SoftFloat.invalid(c).pack80();
            }
            if (denormalTrap(a, null, c)) return st0;
            if (a.kind() == FpValue.Kind.ZERO || a.kind() == FpValue.Kind.INFINITY) return st0;
            return (grow ? FpValue.infinity(a.negative()) : FpValue.zero(a.negative())).pack80();
        }
        if (denormalTrap(a, b, c)) return st0;
        if (a.kind() != FpValue.Kind.FINITE) return st0;
        long n = 0;
        if (b.kind() == FpValue.Kind.FINITE && b.exponent() >= 0) {
            n = b.exponent() > 30 ? 1L << 30 : b.significand() >>> (63 - b.exponent());
            if (b.negative()) n = -n;
        }
        return SoftFloat.round(a.negative(), magnitude(a), (int) (a.exponent() - 63 + n), EXTENDED, 64, c).pack80();
    }

    /** FXTRACT: returns {exponent, significand}; the x87 unit leaves the exponent in ST(1), significand in ST(0). */
    public static Float80[] extract(Float80 st0, FpContext c) {
        FpValue a = FpValue.unpack(st0);
        switch (a.kind()) {
            case UNSUPPORTED: {
                Float80 nan = SoftFloat.invalid(c).pack80();
                return new Float80[] {nan, nan};
            }
            case SNAN: case QNAN: {
                if (a.kind() == FpValue.Kind.SNAN) c.raise(FpException.INVALID);
                Float80 nan = a.quieted().pack80();
                return new Float80[] {nan, nan};
            }
            case ZERO:
                c.raise(FpException.DIVIDE_BY_ZERO);
                return new Float80[] {FpValue.infinity(true).pack80(), st0};
            case INFINITY:
                return new Float80[] {FpValue.infinity(false).pack80(), st0};
            default:
                if (denormalTrap(a, null, c)) return new Float80[] {st0, st0};
                Float80 exponent = Extended.fromInteger(a.exponent());
                return new Float80[] {exponent, FpValue.finite(a.negative(), 0, a.significand()).pack80()};
        }
    }

    /** FPREM ({@code ieee} false: quotient truncated) and FPREM1 ({@code ieee} true: quotient rounded to nearest). */
    public static Remainder remainder(Float80 st0, Float80 st1, boolean ieee, FpContext c) {
        FpValue a = FpValue.unpack(st0), b = FpValue.unpack(st1);
        FpValue special = SoftFloat.specialOperands(a, b, c);
        if (special != null) return Remainder.special(special.pack80());
        if (a.kind() == FpValue.Kind.INFINITY || b.kind() == FpValue.Kind.ZERO) {
            return Remainder.special(SoftFloat.invalid(c).pack80());
        }
        if (denormalTrap(a, b, c)) return Remainder.special(st0);
        if (a.kind() == FpValue.Kind.ZERO || b.kind() == FpValue.Kind.INFINITY) return new Remainder(st0, 0, true);
        int difference = a.exponent() - b.exponent();
        BigInteger divisor = magnitude(b);
        BigInteger dividend = magnitude(a);
        int lsb = b.exponent() - 63;
        boolean complete = difference < REMAINDER_COMPLETE_LIMIT;
        if (complete) {
            if (difference >= 0) dividend = dividend.shiftLeft(difference);
            else {
                divisor = divisor.shiftLeft(-difference);
                lsb = a.exponent() - 63;
            }
        } else {
            // Partial step: subtract Q * st1 * 2^(D - N), Q = trunc(st0 / (st1 * 2^(D - N))). In units of
            // 2^(exponent(st0) - 63 - N) the dividend is significand(st0) << N and the divisor significand(st1).
            int n = partialReductionBits(difference);
            BigInteger partial = dividend.shiftLeft(n).mod(divisor);
            return new Remainder(exact(a.negative(), partial, a.exponent() - 63 - n, c), 0, false);
        }
        BigInteger[] qr = dividend.divideAndRemainder(divisor);
        BigInteger q = qr[0], r = qr[1];
        boolean negative = a.negative();
        if (ieee) {
            int half = r.shiftLeft(1).compareTo(divisor);
            if (half > 0 || (half == 0 && q.testBit(0))) {
                q = q.add(BigInteger.ONE);
                r = divisor.subtract(r);
                negative = !negative;
            }
        }
        int quotientBits = q.and(BigInteger.valueOf(7)).intValue();
        if (r.signum() == 0) return new Remainder(a.negative() ? Float80.NEGATIVE_ZERO : Float80.POSITIVE_ZERO, quotientBits, true);
        return new Remainder(exact(negative, r, lsb, c), quotientBits, true);
    }

    /** Delivers an exact remainder; a tiny one still signals underflow when that exception is unmasked. */
    private static Float80 exact(boolean negative, BigInteger mag, int exp, FpContext c) {
        if (mag.signum() == 0) return negative ? Float80.NEGATIVE_ZERO : Float80.POSITIVE_ZERO;
        return SoftFloat.round(negative, mag, exp, EXTENDED, 64, c).pack80();
    }

    /** Raises DE for a denormal operand; true when it is unmasked and the instruction stops. */
    private static boolean denormalTrap(FpValue a, FpValue b, FpContext c) {
        if (!a.denormalInput() && (b == null || !b.denormalInput())) return false;
        c.raise(FpException.DENORMAL);
        return !c.masked(FpException.DENORMAL);
    }

    private static BigInteger magnitude(FpValue v) {
        return new BigInteger(Long.toUnsignedString(v.significand()));
    }
}
