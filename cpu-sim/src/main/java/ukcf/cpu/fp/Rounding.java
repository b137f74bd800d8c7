package ukcf.cpu.fp;

/**
 * IEEE rounding-direction attributes, in the order of their 2-bit encoding in the x87 control word (RC, bits
 * 10-11) and in MXCSR (RC, bits 13-14), so {@code Rounding.of(field)} decodes either.
 */
public enum Rounding {
    NEAREST_EVEN, DOWN, UP, TOWARD_ZERO;

    private static final Rounding[] BY_ENCODING = values();

    public static Rounding of(int rcField) { return BY_ENCODING[rcField & 3]; }

    public int encoding() { return ordinal(); }
}
