package ukcf.cpu.fp;

/** The three binary interchange/storage formats the engine rounds to. */
public enum FloatFormat {
    BINARY32(8, 24, false),
    BINARY64(11, 53, false),
    /** x87 double-extended: 15-bit exponent, 64-bit significand with an explicit integer bit. */
    EXTENDED(15, 64, true);

    public final int exponentBits;
    /** Significand bits including the integer bit. */
    public final int precision;
    public final boolean explicitIntegerBit;
    public final int bias;
    /** Biased exponent of infinities and NaNs. */
    public final int maxBiasedExponent;
    /** Unbiased exponent of the smallest normal number. */
    public final int minExponent;
    /** Unbiased exponent of the largest finite number. */
    public final int maxExponent;
    /** Exponent adjustment applied to a result delivered with an unmasked overflow/underflow (3 * 2^(n-2)). */
    public final int trapExponentAdjust;

    FloatFormat(int exponentBits, int precision, boolean explicitIntegerBit) {
        this.exponentBits = exponentBits;
        this.precision = precision;
        this.explicitIntegerBit = explicitIntegerBit;
        this.bias = (1 << (exponentBits - 1)) - 1;
        this.maxBiasedExponent = (1 << exponentBits) - 1;
        this.minExponent = 1 - bias;
        this.maxExponent = bias;
        this.trapExponentAdjust = 3 << (exponentBits - 2);
    }
}
