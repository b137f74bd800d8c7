package ukcf.cpu.fp;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The x87 transcendental instructions and constants, evaluated in high precision (BigDecimal with
 * {@link #DIGITS} significant digits, about 200 bits) and then rounded once to the 64-bit significand with the
 * context's rounding, so results are within one ulp of the hardware's (which claims errors below one ulp).
 *
 * <p>FSIN, FCOS, FSINCOS and FPTAN reproduce the hardware's argument reduction: the operand is reduced exactly
 * modulo pi/2 as represented by the 66-bit constant the FPU holds ({@link #PI_66}), so for large operands the
 * results follow the hardware rather than mathematics; operands of magnitude 2^63 or more are left unchanged
 * with C2 set.
 */
public final class Transcendental {
    private Transcendental() { }

    static final int DIGITS = 60;
    static final MathContext MC = new MathContext(DIGITS, RoundingMode.HALF_EVEN);
    /** The FPU's internal pi: 0xC90FDAA22168C234C * 2^-66 (66 significant bits). */
    static final BigInteger PI_66 = new BigInteger("C90FDAA22168C234C", 16);
    static final int PI_66_EXPONENT = -66;
    /** Operands with an exponent at or above this (|x| >= 2^63) are out of range for FSIN/FCOS/FSINCOS/FPTAN. */
    static final int TRIG_RANGE_EXPONENT = 63;

    static final BigDecimal PI = computePi();
    static final BigDecimal LN2 = logarithm(BigDecimal.valueOf(2));
    static final BigDecimal LN10 = logarithm(BigDecimal.TEN);

    /** The load-constant instructions. */
    public enum Constant {
        ONE("FLD1", BigDecimal.ONE),
        ZERO("FLDZ", BigDecimal.ZERO),
        PI_VALUE("FLDPI", PI),
        LOG2_10("FLDL2T", LN10.divide(LN2, MC)),
        LOG2_E("FLDL2E", BigDecimal.ONE.divide(LN2, MC)),
        LOG10_2("FLDLG2", LN2.divide(LN10, MC)),
        LN_2("FLDLN2", LN2);

        public final String operation;
        private final Float80[] byRounding = new Float80[4];

        Constant(String operation, BigDecimal value) {
            this.operation = operation;
            for (Rounding r : Rounding.values()) {
                FpContext c = new FpContext(FpContext.Dialect.X87);
                c.rounding = r;
                byRounding[r.ordinal()] = toFloat80(value, c);
            }
        }

        public Float80 rounded(Rounding rounding) { return byRounding[rounding.ordinal()]; }
    }

    // ---------------------------------------------------------------- trigonometric

    public enum Trig {
        SIN, COS, TAN, SINCOS;

        /** FPTAN pushes 1.0 and FSINCOS pushes the cosine. */
        public boolean pushes() { return this == TAN || this == SINCOS; }
    }

    /**
     * {@code first} replaces ST(0); {@code second} is pushed (FPTAN, FSINCOS). When {@code outOfRange}, C2 is set
     * and the stack is left unchanged.
     */
    public record TrigResult(Float80 first, Float80 second, boolean outOfRange) { }

    public static TrigResult evaluate(Trig function, Float80 operand, FpContext c) {
        FpValue x = FpValue.unpack(operand);
        Float80 one = Constant.ONE.rounded(Rounding.NEAREST_EVEN);
        switch (x.kind()) {
            case UNSUPPORTED: case INFINITY: {
                Float80 nan = SoftFloat.invalid(c).pack80();
                return new TrigResult(nan, nan, false);
            }
            case SNAN: case QNAN: {
                if (x.kind() == FpValue.Kind.SNAN) c.raise(FpException.INVALID);
                Float80 nan = x.quieted().pack80();
                return new TrigResult(nan, nan, false);
            }
            case ZERO:
                return switch (function) {
                    case SIN -> new TrigResult(operand, null, false);
                    case COS -> new TrigResult(one, null, false);
                    case TAN -> new TrigResult(operand, one, false);
                    case SINCOS -> new TrigResult(operand, one, false);
                };
            default:
        }
        if (x.exponent() >= TRIG_RANGE_EXPONENT) return new TrigResult(operand, null, true);
        if (x.denormalInput()) {
            c.raise(FpException.DENORMAL);
            if (!c.masked(FpException.DENORMAL)) return new TrigResult(operand, operand, false);
        }
        // Reduce: x = k * (pi66 / 2) + r exactly, |r| <= pi66 / 4.
        BigInteger mag = unsigned(x.significand());
        int exp = x.exponent() - 63;
        int common = Math.min(exp, PI_66_EXPONENT - 1);
        BigInteger xScaled = mag.shiftLeft(exp - common);
        BigInteger halfPi = PI_66.shiftLeft(PI_66_EXPONENT - 1 - common);
        BigInteger[] qr = xScaled.divideAndRemainder(halfPi);
        BigInteger k = qr[0];
        BigInteger r = qr[1];
        if (r.shiftLeft(1).compareTo(halfPi) > 0) {
            k = k.add(BigInteger.ONE);
            r = r.subtract(halfPi);
        }
        int quadrant = k.intValue() & 3;
        if (x.negative()) {
            r = r.negate();
            quadrant = (4 - quadrant) & 3;
        }
        BigDecimal reduced = binary(r, common);
        BigDecimal sin = sine(reduced);
        BigDecimal cos = cosine(reduced);
        BigDecimal sinX = switch (quadrant) {
            case 0 -> sin;
            case 1 -> cos;
            case 2 -> sin.negate();
            default -> cos.negate();
        };
        BigDecimal cosX = switch (quadrant) {
            case 0 -> cos;
            case 1 -> sin.negate();
            case 2 -> cos.negate();
            default -> sin;
        };
        return switch (function) {
            case SIN -> new TrigResult(toFloat80(sinX, c, x.negative()), null, false);
            case COS -> new TrigResult(toFloat80(cosX, c, false), null, false);
            case TAN -> new TrigResult(toFloat80(divideKeepingDirection(sinX, cosX), c, x.negative()), one, false);
            case SINCOS -> {
                Float80 s = toFloat80(sinX, c, x.negative());
                boolean up = c.roundedUp;
                Float80 co = toFloat80(cosX, c, false);
                c.roundedUp |= up;
                yield new TrigResult(s, co, false);
            }
        };
    }

    // ---------------------------------------------------------------- the other transcendentals

    /** ST(1) := f(ST(1), ST(0)) instructions. */
    @FunctionalInterface
    public interface Binary {
        Float80 apply(Float80 st1, Float80 st0, FpContext c);
    }

    /** F2XM1: 2^x - 1, defined for -1 <= x <= 1. */
    public static Float80 twoToXMinusOne(Float80 operand, FpContext c) {
        FpValue x = FpValue.unpack(operand);
        switch (x.kind()) {
            case UNSUPPORTED: return SoftFloat.invalid(c).pack80();
            case SNAN: c.raise(FpException.INVALID); return x.quieted().pack80();
            case QNAN: case ZERO: return operand;
            case INFINITY: return x.negative() ? Constant.ONE.rounded(Rounding.NEAREST_EVEN).negate() : operand;
            default:
        }
        if (denormalTrap(x, null, c)) return operand;
        boolean outOfRange = x.exponent() > 0 || (x.exponent() == 0 && x.significand() != FpValue.INTEGER_BIT);
        if (outOfRange) {
            // Undefined by the SDM; the oracle processor returns the operand unchanged, flagging precision.
            c.raise(FpException.PRECISION);
            return operand;
        }
        BigDecimal y = decimal(x).multiply(LN2, MC);
        return toFloat80(expMinusOne(y), c, x.negative());
    }

    /** FYL2X: y * log2(x). */
    public static Float80 yLog2X(Float80 st1, Float80 st0, FpContext c) {
        FpValue y = FpValue.unpack(st1), x = FpValue.unpack(st0);
        FpValue special = SoftFloat.specialOperands(x, y, c);
        if (special != null) return special.pack80();
        if (x.negative() && x.kind() != FpValue.Kind.ZERO) return SoftFloat.invalid(c).pack80();
        boolean xIsOne = x.kind() == FpValue.Kind.FINITE && x.exponent() == 0 && x.significand() == FpValue.INTEGER_BIT;
        // log2(x) sign: -1 for x < 1, 0 for x = 1, +1 for x > 1
        int logSign = x.kind() == FpValue.Kind.ZERO ? -1 : xIsOne ? 0
                : x.kind() == FpValue.Kind.INFINITY ? 1 : x.exponent() < 0 ? -1 : 1;
        boolean logInfinite = x.kind() == FpValue.Kind.ZERO || x.kind() == FpValue.Kind.INFINITY;
        if (y.kind() == FpValue.Kind.INFINITY) {
            if (logSign == 0) return SoftFloat.invalid(c).pack80();
            if (denormalTrap(x, y, c)) return st1;
            return FpValue.infinity(y.negative() != (logSign < 0)).pack80();
        }
        if (y.kind() == FpValue.Kind.ZERO) {
            if (logInfinite) return SoftFloat.invalid(c).pack80();
            if (denormalTrap(x, y, c)) return st1;
            return FpValue.zero(y.negative() != (logSign < 0)).pack80();
        }
        if (x.kind() == FpValue.Kind.ZERO) {
            c.raise(FpException.DIVIDE_BY_ZERO);
            return FpValue.infinity(!y.negative()).pack80();
        }
        if (denormalTrap(x, y, c)) return st1;
        if (x.kind() == FpValue.Kind.INFINITY) return FpValue.infinity(y.negative()).pack80();
        if (xIsOne) return FpValue.zero(y.negative()).pack80();
        BigDecimal log2 = log2(x);
        return toFloat80(decimal(y).multiply(log2, MC), c, false);
    }

    /** FYL2XP1: y * log2(x + 1), defined for |x| < 1 - sqrt(2)/2. */
    public static Float80 yLog2XPlus1(Float80 st1, Float80 st0, FpContext c) {
        FpValue y = FpValue.unpack(st1), x = FpValue.unpack(st0);
        FpValue special = SoftFloat.specialOperands(x, y, c);
        if (special != null) return special.pack80();
        if (x.kind() == FpValue.Kind.INFINITY && (x.negative() || y.kind() == FpValue.Kind.ZERO)) {
            return SoftFloat.invalid(c).pack80();
        }
        if (x.kind() == FpValue.Kind.ZERO) {
            if (y.kind() == FpValue.Kind.INFINITY) return SoftFloat.invalid(c).pack80();
            if (denormalTrap(x, y, c)) return st1;
            return FpValue.zero(x.negative() != y.negative()).pack80();
        }
        if (x.kind() == FpValue.Kind.INFINITY) {
            if (denormalTrap(x, y, c)) return st1;
            return FpValue.infinity(y.negative()).pack80();
        }
        BigDecimal xd = decimal(x);
        if (xd.compareTo(BigDecimal.ONE.negate()) <= 0) {
            // Outside the domain the SDM leaves the result undefined; this mirrors the oracle processor.
            if (y.kind() == FpValue.Kind.ZERO) return FpValue.zero(!y.negative()).pack80();
            if (y.kind() == FpValue.Kind.INFINITY) return FpValue.infinity(!y.negative()).pack80();
            if (denormalTrap(x, y, c)) return st1;
            c.raise(FpException.PRECISION);
            return st0;
        }
        if (y.kind() == FpValue.Kind.INFINITY) {
            if (denormalTrap(x, y, c)) return st1;
            return FpValue.infinity(x.negative() != y.negative()).pack80();
        }
        if (denormalTrap(x, y, c)) return st1;
        if (y.kind() == FpValue.Kind.ZERO) return FpValue.zero(x.negative() != y.negative()).pack80();
        if (xd.compareTo(BigDecimal.ONE) == 0) c.raise(FpException.PRECISION);   // measured: y * log2(2) flagged
        // ln(1 + x) = 2 atanh(x / (2 + x)), accurate for small x; the general logarithm beyond the valid range
        BigDecimal ln;
        if (xd.abs().compareTo(new BigDecimal("0.25")) < 0) {
            BigDecimal z = xd.divide(xd.add(BigDecimal.valueOf(2)), MC);
            ln = atanh(z).multiply(BigDecimal.valueOf(2), MC);
        } else {
            ln = logarithm(xd.add(BigDecimal.ONE));
        }
        return toFloat80(decimal(y).multiply(ln, MC).divide(LN2, MC), c, false);
    }

    /** FPATAN: the angle of the point (x = ST(0), y = ST(1)), in [-pi, pi]. */
    public static Float80 arctangent(Float80 st1, Float80 st0, FpContext c) {
        FpValue y = FpValue.unpack(st1), x = FpValue.unpack(st0);
        FpValue special = SoftFloat.specialOperands(y, x, c);
        if (special != null) return special.pack80();
        if (denormalTrap(x, y, c)) return st1;
        boolean negative = y.negative();
        BigDecimal angle;
        boolean yZero = y.kind() == FpValue.Kind.ZERO, xZero = x.kind() == FpValue.Kind.ZERO;
        boolean yInf = y.kind() == FpValue.Kind.INFINITY, xInf = x.kind() == FpValue.Kind.INFINITY;
        if (yZero) {
            if (!x.negative()) return FpValue.zero(negative).pack80();
            angle = PI;
        } else if (yInf) {
            if (xInf) angle = x.negative() ? PI.multiply(BigDecimal.valueOf(3)).divide(BigDecimal.valueOf(4), MC)
                    : PI.divide(BigDecimal.valueOf(4), MC);
            else angle = PI.divide(BigDecimal.valueOf(2), MC);
        } else if (xInf) {
            if (!x.negative()) return FpValue.zero(negative).pack80();
            angle = PI;
        } else if (xZero) {
            angle = PI.divide(BigDecimal.valueOf(2), MC);
        } else {
            BigDecimal ay = decimal(y).abs(), ax = decimal(x).abs();
            if (ay.compareTo(ax) <= 0) {
                angle = arctan(divideKeepingDirection(ay, ax));
                if (x.negative()) angle = PI.subtract(angle, MC);
            } else {
                BigDecimal t = arctan(divideKeepingDirection(ax, ay));
                BigDecimal halfPi = PI.divide(BigDecimal.valueOf(2), MC);
                angle = x.negative() ? halfPi.add(t, MC) : halfPi.subtract(t, MC);
            }
        }
        return toFloat80(negative ? angle.negate() : angle, c, negative);
    }

    // ---------------------------------------------------------------- helpers

    private static boolean denormalTrap(FpValue a, FpValue b, FpContext c) {
        if (!a.denormalInput() && (b == null || !b.denormalInput())) return false;
        c.raise(FpException.DENORMAL);
        return !c.masked(FpException.DENORMAL);
    }

    private static BigInteger unsigned(long v) {
        BigInteger b = BigInteger.valueOf(v >>> 1).shiftLeft(1);
        return (v & 1) != 0 ? b.setBit(0) : b;
    }

    /** mag * 2^exp as an exact decimal (2^-n = 5^n * 10^-n). */
    static BigDecimal binary(BigInteger mag, int exp) {
        if (exp >= 0) return new BigDecimal(mag.shiftLeft(exp));
        return new BigDecimal(mag.multiply(BigInteger.valueOf(5).pow(-exp)), -exp);
    }

    /**
     * a / b to {@link #MC}, nudged below the working precision toward the exact quotient when the division is
     * inexact, so that a quotient whose digits are a representable value still rounds in the right direction.
     */
    static BigDecimal divideKeepingDirection(BigDecimal a, BigDecimal b) {
        BigDecimal q = a.divide(b, MC);
        int residual = a.subtract(q.multiply(b)).signum() * b.signum();
        if (residual == 0) return q;
        BigDecimal nudge = q.abs().movePointLeft(DIGITS + 10);
        if (nudge.signum() == 0) nudge = BigDecimal.ONE.movePointLeft(DIGITS + 10);
        return residual > 0 ? q.add(nudge) : q.subtract(nudge);
    }

    static BigDecimal decimal(FpValue v) {
        BigDecimal d = binary(unsigned(v.significand()), v.exponent() - 63);
        return v.negative() ? d.negate() : d;
    }

    /** Rounds a decimal to extended under the context, raising precision/underflow/overflow as the unit does. */
    static Float80 toFloat80(BigDecimal value, FpContext c) { return toFloat80(value, c, false); }

    /** Rounds a signed decimal; {@code negativeIfZero} gives the sign of an exact zero. */
    static Float80 toFloat80(BigDecimal value, FpContext c, boolean negativeIfZero) {
        BigDecimal magnitude = value.abs();
        if (magnitude.signum() == 0) return negativeIfZero ? Float80.NEGATIVE_ZERO : Float80.POSITIVE_ZERO;
        boolean negative = value.signum() < 0;
        BigInteger numerator = magnitude.unscaledValue();
        BigInteger denominator = BigInteger.ONE;
        if (magnitude.scale() > 0) denominator = BigInteger.TEN.pow(magnitude.scale());
        else numerator = numerator.multiply(BigInteger.TEN.pow(-magnitude.scale()));
        int shift = 140 - (numerator.bitLength() - denominator.bitLength());
        BigInteger[] qr = shift >= 0 ? numerator.shiftLeft(shift).divideAndRemainder(denominator)
                : numerator.divideAndRemainder(denominator.shiftLeft(-shift));
        BigInteger mag = qr[0].shiftLeft(1);
        if (qr[1].signum() != 0) mag = mag.setBit(0);
        return Extended.round(negative, mag, -shift - 1, c);
    }

    private static BigDecimal computePi() {
        MathContext mc = new MathContext(DIGITS + 10);
        BigDecimal a = arctanOfInverse(5, mc).multiply(BigDecimal.valueOf(16));
        BigDecimal b = arctanOfInverse(239, mc).multiply(BigDecimal.valueOf(4));
        return a.subtract(b, MC);
    }

    private static BigDecimal arctanOfInverse(int n, MathContext mc) {
        BigDecimal x = BigDecimal.ONE.divide(BigDecimal.valueOf(n), mc);
        BigDecimal x2 = x.multiply(x, mc);
        BigDecimal term = x, sum = x;
        BigDecimal epsilon = BigDecimal.ONE.movePointLeft(DIGITS + 20);
        for (int k = 1; term.abs().compareTo(epsilon) > 0; k++) {
            term = term.multiply(x2, mc).negate();
            sum = sum.add(term.divide(BigDecimal.valueOf(2L * k + 1), mc), mc);
        }
        return sum;
    }

    /** Natural logarithm of a positive decimal. */
    static BigDecimal logarithm(BigDecimal x) {
        // x = m * 2^e with m in [1/sqrt2, sqrt2): ln x = e ln2 + 2 atanh((m-1)/(m+1))
        int e = 0;
        BigDecimal m = x;
        BigDecimal two = BigDecimal.valueOf(2);
        BigDecimal upper = new BigDecimal("1.41421356237"), lower = new BigDecimal("0.70710678118");
        while (m.compareTo(upper) >= 0) { m = m.divide(two, MC); e++; }
        while (m.compareTo(lower) < 0) { m = m.multiply(two, MC); e--; }
        BigDecimal lnM = atanh(m.subtract(BigDecimal.ONE).divide(m.add(BigDecimal.ONE), MC)).multiply(two, MC);
        if (e == 0) return lnM;
        BigDecimal ln2 = LN2 != null ? LN2 : atanh(BigDecimal.ONE.divide(BigDecimal.valueOf(3), MC)).multiply(two, MC);
        return ln2.multiply(BigDecimal.valueOf(e), MC).add(lnM, MC);
    }

    /** log2 of a positive finite value, with full relative precision near 1. */
    static BigDecimal log2(FpValue x) {
        int e = x.exponent();
        BigDecimal m = binary(unsigned(x.significand()), -63);  // [1, 2)
        if (m.compareTo(new BigDecimal("1.41421356237")) >= 0) {
            m = m.divide(BigDecimal.valueOf(2), MC);
            e++;
        }
        BigDecimal lnM = atanh(m.subtract(BigDecimal.ONE).divide(m.add(BigDecimal.ONE), MC)).multiply(BigDecimal.valueOf(2), MC);
        return BigDecimal.valueOf(e).add(lnM.divide(LN2, MC), MC);
    }

    /** atanh(z) = z + z^3/3 + z^5/5 + ... for |z| < 1/5 or so. */
    static BigDecimal atanh(BigDecimal z) {
        if (z.signum() == 0) return z;
        BigDecimal z2 = z.multiply(z, MC);
        BigDecimal power = z, sum = z;
        for (int k = 1; k < 400; k++) {
            power = power.multiply(z2, MC);
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * k + 1), MC);
            sum = sum.add(term);
            if (negligible(term, sum)) break;
        }
        return sum;
    }

    /** arctan(z) for 0 <= z <= 1: halve the argument three times, then the Taylor series. */
    static BigDecimal arctan(BigDecimal z) {
        int halvings = 0;
        BigDecimal t = z;
        while (t.compareTo(new BigDecimal("0.125")) > 0) {
            BigDecimal root = BigDecimal.ONE.add(t.multiply(t, MC)).sqrt(MC);
            t = t.divide(BigDecimal.ONE.add(root), MC);
            halvings++;
        }
        BigDecimal t2 = t.multiply(t, MC);
        BigDecimal power = t, sum = t;
        for (int k = 1; k < 400; k++) {
            power = power.multiply(t2, MC).negate();
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * k + 1), MC);
            sum = sum.add(term);
            if (negligible(term, sum)) break;
        }
        return sum.multiply(BigDecimal.valueOf(1L << halvings));
    }

    /**
     * Series are summed exactly (terms are computed to {@link #MC}), stopping after the first term below the
     * working precision: a sum whose leading digits happen to be a representable value then still carries the
     * sign of its tail, so the final rounding sees the inexactness and its direction (cos(tiny) < 1).
     */
    private static boolean negligible(BigDecimal term, BigDecimal sum) {
        return term.signum() == 0 || (sum.signum() != 0 && term.abs().compareTo(sum.abs().movePointLeft(DIGITS + 5)) < 0);
    }

    static BigDecimal sine(BigDecimal x) {
        if (x.signum() == 0) return x;
        BigDecimal x2 = x.multiply(x, MC);
        BigDecimal term = x, sum = x;
        for (int k = 1; k < 200; k++) {
            term = term.multiply(x2, MC).divide(BigDecimal.valueOf((2L * k) * (2L * k + 1)), MC).negate();
            sum = sum.add(term);
            if (negligible(term, sum)) break;
        }
        return sum;
    }

    static BigDecimal cosine(BigDecimal x) {
        BigDecimal x2 = x.multiply(x, MC);
        BigDecimal term = BigDecimal.ONE, sum = BigDecimal.ONE;
        for (int k = 1; k < 200; k++) {
            term = term.multiply(x2, MC).divide(BigDecimal.valueOf((2L * k - 1) * (2L * k)), MC).negate();
            sum = sum.add(term);
            if (negligible(term, sum)) break;
        }
        return sum;
    }

    /** e^y - 1 for |y| <= 1, relatively accurate near 0. */
    static BigDecimal expMinusOne(BigDecimal y) {
        BigDecimal term = y, sum = y;
        for (int k = 2; k < 400; k++) {
            term = term.multiply(y, MC).divide(BigDecimal.valueOf(k), MC);
            sum = sum.add(term);
            if (negligible(term, sum)) break;
        }
        return sum;
    }
}
