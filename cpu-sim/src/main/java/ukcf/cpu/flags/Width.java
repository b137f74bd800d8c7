package ukcf.cpu.flags;

/** Integer operand widths in bytes (1, 2 or 4): masks, sign bits and sign extension. */
public final class Width {
    private Width() { }

    private static final int[] MASK = {0, 0xFF, 0xFFFF, 0, 0xFFFFFFFF};
    private static final int[] SIGN = {0, 0x80, 0x8000, 0, 0x80000000};

    public static int mask(int size) { return MASK[size]; }

    public static int signBit(int size) { return SIGN[size]; }

    public static int bits(int size) { return size * 8; }

    /** {@code value} truncated to {@code size} bytes then sign-extended to 32 bits. */
    public static int signExtend(int value, int size) {
        int shift = 32 - size * 8;
        return (value << shift) >> shift;
    }
}
