package ukcf.cpu.fp;

/**
 * An unpacked floating-point datum, the engine's working form for all three formats. Finite values are
 * normalized: {@code significand} has bit 63 set and the value is {@code significand * 2^(exponent - 63)}, so a
 * denormal input is simply a finite value with a small exponent ({@link #denormalInput} remembers that it was
 * stored denormal, for the denormal-operand exception). NaNs keep their payload left-aligned in
 * {@code significand} (bit 63 set, bit 62 the quiet bit), which is how payloads move between formats.
 */
public record FpValue(Kind kind, boolean negative, int exponent, long significand, boolean denormalInput) {

    public enum Kind {
        ZERO, FINITE, INFINITY, QNAN, SNAN,
        /** An extended encoding the FPU rejects: unnormal, pseudo-NaN, pseudo-infinity. */
        UNSUPPORTED
    }

    static final long INTEGER_BIT = 1L << 63;
    static final long QUIET_BIT = 1L << 62;

    static FpValue zero(boolean negative) { return new FpValue(Kind.ZERO, negative, 0, 0, false); }

    static FpValue infinity(boolean negative) { return new FpValue(Kind.INFINITY, negative, 0, INTEGER_BIT, false); }

    /** The default NaN both x87 (real indefinite) and SSE deliver: negative, quiet, payload zero. */
    static final FpValue DEFAULT_NAN = new FpValue(Kind.QNAN, true, 0, INTEGER_BIT | QUIET_BIT, false);

    static FpValue finite(boolean negative, int exponent, long significand) {
        return new FpValue(Kind.FINITE, negative, exponent, significand, false);
    }

    public boolean isNaN() { return kind == Kind.QNAN || kind == Kind.SNAN; }

    public boolean isFinite() { return kind == Kind.FINITE; }

    FpValue quieted() { return new FpValue(Kind.QNAN, negative, 0, significand | QUIET_BIT, false); }

    /** The same value without the "was stored denormal" mark (results are never operands of this instruction). */
    FpValue withoutInputMark() { return denormalInput ? new FpValue(kind, negative, exponent, significand, false) : this; }

    FpValue withSign(boolean negative) { return new FpValue(kind, negative, exponent, significand, denormalInput); }

    // ---- encodings ----

    /** Unpacks binary32 or binary64 bits; {@code denormalsAreZero} reads denormals as signed zeros (SSE DAZ). */
    static FpValue unpack(FloatFormat f, long bits, boolean denormalsAreZero) {
        int fractionBits = f.precision - 1;
        boolean negative = ((bits >>> (fractionBits + f.exponentBits)) & 1) != 0;
        int biased = (int) ((bits >>> fractionBits) & f.maxBiasedExponent);
        long fraction = bits & ((1L << fractionBits) - 1);
        if (biased == f.maxBiasedExponent) {
            if (fraction == 0) return infinity(negative);
            long payload = INTEGER_BIT | (fraction << (63 - fractionBits));
            return new FpValue((payload & QUIET_BIT) != 0 ? Kind.QNAN : Kind.SNAN, negative, 0, payload, false);
        }
        if (biased == 0) {
            if (fraction == 0 || denormalsAreZero) return zero(negative);
            int leadingZeros = Long.numberOfLeadingZeros(fraction);
            return new FpValue(Kind.FINITE, negative, f.minExponent - fractionBits + 63 - leadingZeros,
                    fraction << leadingZeros, true);
        }
        return finite(negative, biased - f.bias, ((1L << fractionBits) | fraction) << (63 - fractionBits));
    }

    /** Unpacks an extended value, classifying the encodings x87 rejects as {@link Kind#UNSUPPORTED}. */
    static FpValue unpack(Float80 x) {
        FloatFormat f = FloatFormat.EXTENDED;
        boolean negative = x.negative();
        int biased = x.biasedExponent();
        long significand = x.significand();
        boolean integerBit = significand < 0;
        if (biased == f.maxBiasedExponent) {
            if (!integerBit) return new FpValue(Kind.UNSUPPORTED, negative, 0, significand, false);
            if ((significand << 1) == 0) return infinity(negative);
            return new FpValue((significand & QUIET_BIT) != 0 ? Kind.QNAN : Kind.SNAN, negative, 0, significand, false);
        }
        if (biased == 0) {
            if (significand == 0) return zero(negative);
            // Denormals and pseudo-denormals (integer bit set) share the exponent of biased 1.
            int leadingZeros = Long.numberOfLeadingZeros(significand);
            return new FpValue(Kind.FINITE, negative, f.minExponent - leadingZeros, significand << leadingZeros, true);
        }
        if (!integerBit) return new FpValue(Kind.UNSUPPORTED, negative, 0, significand, false);
        return finite(negative, biased - f.bias, significand);
    }

    /** Packs into binary32/binary64 bits; a finite value must already be rounded to the format. */
    long pack(FloatFormat f) {
        int fractionBits = f.precision - 1;
        long sign = negative ? 1L << (fractionBits + f.exponentBits) : 0;
        long maxExponentField = (long) f.maxBiasedExponent << fractionBits;
        switch (kind) {
            case ZERO: return sign;
            case INFINITY: return sign | maxExponentField;
            case FINITE:
                if (exponent >= f.minExponent) {
                    long fraction = (significand >>> (63 - fractionBits)) & ((1L << fractionBits) - 1);
                    return sign | ((long) (exponent + f.bias) << fractionBits) | fraction;
                }
                int shift = 63 - fractionBits + f.minExponent - exponent;
                return sign | (shift >= 64 ? 0 : significand >>> shift);
            default: // NaNs (unsupported never reaches a binary format)
                return sign | maxExponentField | ((significand & ~INTEGER_BIT) >>> (63 - fractionBits));
        }
    }

    Float80 pack80() {
        FloatFormat f = FloatFormat.EXTENDED;
        int sign = negative ? 0x8000 : 0;
        switch (kind) {
            case ZERO: return new Float80(sign, 0);
            case INFINITY: return new Float80(sign | 0x7FFF, INTEGER_BIT);
            case FINITE:
                if (exponent >= f.minExponent) return new Float80(sign | (exponent + f.bias), significand);
                int shift = f.minExponent - exponent;
                return new Float80(sign, shift >= 64 ? 0 : significand >>> shift);
            case UNSUPPORTED: return new Float80(sign | 0x7FFF, significand);
            default: return new Float80(sign | 0x7FFF, significand);
        }
    }
}
