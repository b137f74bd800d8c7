package ukcf.cpu.fp;

/**
 * Floating-point exception flags as bits. The same positions are used by the x87 status word (bits 0-5), the x87
 * control word masks (bits 0-5) and MXCSR (flags in bits 0-5, masks in bits 7-12), so the bits move between the
 * engine and those registers without translation.
 */
public final class FpException {
    public static final int INVALID = 1;
    public static final int DENORMAL = 2;
    public static final int DIVIDE_BY_ZERO = 4;
    public static final int OVERFLOW = 8;
    public static final int UNDERFLOW = 16;
    public static final int PRECISION = 32;
    public static final int ALL = 0x3F;

    private FpException() { }
}
