package ukcf.cpu.fp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * SoftFloat computes in 128-bit integers; {@link ExactSoftFloat} is the BigInteger engine it replaced, whose
 * results the known-answer vectors pinned against the native x87 and SSE units. Every operation must give the same
 * value, exception flags and C1 as that reference on random operands: exponents near each other (cancellation),
 * far apart (sticky addends), at the edges of each format's range (overflow, underflow, denormal results),
 * significands with runs of ones (rounding carries) or few bits (exact results), zeros, infinities, NaNs,
 * unsupported encodings, in every format, precision control, rounding direction, dialect and exception mask.
 */
class SoftFloatAgainstExactTest {
    private static final int CASES = 150_000;
    private static final FloatFormat[] FORMATS = FloatFormat.values();
    private static final int[] PRECISIONS = {24, 53, 64};

    private final SplittableRandom random = new SplittableRandom(0x5eed_f10a7L);

    @Test
    void arithmeticAgreesWithTheExactEngine() {
        for (int i = 0; i < CASES; i++) {
            FpValue a = value(), b = random.nextBoolean() ? near(a) : value();
            Setting s = setting();
            check("add", s, a, b, c -> SoftFloat.add(a, b, s.format, s.precision, c),
                    c -> ExactSoftFloat.add(a, b, s.format, s.precision, c));
            check("subtract", s, a, b, c -> SoftFloat.subtract(a, b, s.format, s.precision, c),
                    c -> ExactSoftFloat.subtract(a, b, s.format, s.precision, c));
            check("multiply", s, a, b, c -> SoftFloat.multiply(a, b, s.format, s.precision, c),
                    c -> ExactSoftFloat.multiply(a, b, s.format, s.precision, c));
            check("divide", s, a, b, c -> SoftFloat.divide(a, b, s.format, s.precision, c),
                    c -> ExactSoftFloat.divide(a, b, s.format, s.precision, c));
            check("sqrt", s, a, a, c -> SoftFloat.sqrt(a, s.format, s.precision, c),
                    c -> ExactSoftFloat.sqrt(a, s.format, s.precision, c));
            boolean denormalSignals = random.nextBoolean();
            check("convert", s, a, a, c -> SoftFloat.convert(a, s.format, denormalSignals, c),
                    c -> ExactSoftFloat.convert(a, s.format, denormalSignals, c));
        }
    }

    @Test
    void integersAndComparisonsAgreeWithTheExactEngine() {
        for (int i = 0; i < CASES; i++) {
            FpValue a = integral(), b = near(a);
            Setting s = setting();
            check("roundToIntegral", s, a, a, c -> SoftFloat.roundToIntegral(a, s.rounding, c),
                    c -> ExactSoftFloat.roundToIntegral(a, s.rounding, c));
            int bits = new int[] {16, 32, 64}[random.nextInt(3)];
            check("toInteger" + bits, s, a, a, c -> FpValue.finite(false, 0, SoftFloat.toInteger(a, bits, s.rounding, c)),
                    c -> FpValue.finite(false, 0, ExactSoftFloat.toInteger(a, bits, s.rounding, c)));
            long integer = random.nextInt(4) == 0 ? random.nextLong() : random.nextLong() >> random.nextInt(64);
            check("fromInteger " + integer, s, a, a, c -> SoftFloat.fromInteger(integer, s.format, c),
                    c -> ExactSoftFloat.fromInteger(integer, s.format, c));
            boolean signaling = random.nextBoolean();
            check("compare", s, a, b, c -> FpValue.finite(false, SoftFloat.compare(a, b, signaling, c).ordinal(), 0),
                    c -> FpValue.finite(false, ExactSoftFloat.compare(a, b, signaling, c).ordinal(), 0));
        }
    }

    /** One operation's environment. */
    private record Setting(FloatFormat format, int precision, FpContext.Dialect dialect, Rounding rounding, int masks,
                           boolean flushToZero) {
        FpContext context() {
            FpContext c = new FpContext(dialect);
            c.rounding = rounding;
            c.precision = precision;
            c.masks = masks;
            c.flushToZero = flushToZero;
            return c;
        }
    }

    private Setting setting() {
        FloatFormat format = FORMATS[random.nextInt(FORMATS.length)];
        int precision = format == FloatFormat.EXTENDED ? PRECISIONS[random.nextInt(3)] : format.precision;
        FpContext.Dialect dialect = random.nextInt(4) == 0 ? FpContext.Dialect.SSE : FpContext.Dialect.X87;
        int masks = random.nextInt(4) == 0 ? random.nextInt(FpException.ALL + 1) : FpException.ALL;
        return new Setting(format, precision, dialect, Rounding.values()[random.nextInt(4)], masks,
                dialect == FpContext.Dialect.SSE && random.nextInt(8) == 0);
    }

    private void check(String operation, Setting s, FpValue a, FpValue b, Function<FpContext, FpValue> fast,
                       Function<FpContext, FpValue> exact) {
        FpContext fastContext = s.context(), exactContext = s.context();
        FpValue expected = exact.apply(exactContext);
        FpValue actual = fast.apply(fastContext);
        String where = operation + " " + a + " " + b + " " + s;
        assertEquals(expected, actual, where);
        assertEquals(exactContext.flags, fastContext.flags, "flags of " + where);
        assertEquals(exactContext.roundedUp, fastContext.roundedUp, "C1 of " + where);
    }

    /** Any datum, finite ones most often. */
    private FpValue value() {
        int pick = random.nextInt(100);
        boolean negative = random.nextBoolean();
        if (pick < 4) return FpValue.zero(negative);
        if (pick < 7) return FpValue.infinity(negative);
        if (pick < 10) {
            long payload = FpValue.INTEGER_BIT | random.nextLong() >>> 1;
            return new FpValue((payload & FpValue.QUIET_BIT) != 0 ? FpValue.Kind.QNAN : FpValue.Kind.SNAN, negative, 0,
                    payload, false);
        }
        if (pick < 11) return new FpValue(FpValue.Kind.UNSUPPORTED, negative, 0, random.nextLong() >>> 1, false);
        return new FpValue(FpValue.Kind.FINITE, negative, exponent(), significand(), random.nextInt(10) == 0);
    }

    /** A finite value whose exponent is within a few of {@code a}'s (or anything else, sometimes). */
    private FpValue near(FpValue a) {
        if (!a.isFinite() || random.nextInt(4) == 0) return value();
        int offset = switch (random.nextInt(6)) {
            case 0 -> random.nextInt(-70, 71);
            case 1 -> (random.nextBoolean() ? 1 : -1) * random.nextInt(61, 68); // the addend's last bits fall off
            default -> random.nextInt(-3, 4);
        };
        int exponent = a.exponent() + offset;
        long significand = random.nextInt(3) == 0 ? a.significand() ^ (random.nextLong() >>> random.nextInt(1, 64)) | 1L << 63
                : significand();
        return new FpValue(FpValue.Kind.FINITE, random.nextBoolean(), exponent, significand, false);
    }

    /** Values around the integer ranges (roundToIntegral, toInteger). */
    private FpValue integral() {
        if (random.nextInt(10) == 0) return value();
        return new FpValue(FpValue.Kind.FINITE, random.nextBoolean(), random.nextInt(-3, 70), significand(), false);
    }

    private int exponent() {
        switch (random.nextInt(6)) {
            case 0: return random.nextInt(-16_500, 16_400);
            case 1: return FORMATS[random.nextInt(3)].minExponent + random.nextInt(-70, 20);
            case 2: return FORMATS[random.nextInt(3)].maxExponent + random.nextInt(-20, 4);
            default: return random.nextInt(-70, 71);
        }
    }

    /** Bit 63 set; random, a run of ones (rounding carries), or few bits (exact results). */
    private long significand() {
        switch (random.nextInt(6)) {
            case 0: return -1L << random.nextInt(64);
            case 4: return 1L << 63 | 1L << random.nextInt(3);
            case 1: return 1L << 63 | random.nextLong() >>> random.nextInt(1, 64) << random.nextInt(0, 40);
            case 2: return -1L >>> random.nextInt(1, 64) ^ -1L;
            default: return 1L << 63 | random.nextLong();
        }
    }
}
