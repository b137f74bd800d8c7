package ukcf.cpu.flags;

/** Integer operand widths in bytes (1, 2 or 4): masks, sign bits and sign extension. */
public final class Width {
    private Width() { }

    // Arithmetic rather than table lookups: with a constant size (every call from translated code) the JIT folds
    // these to constants, which it cannot do with an element of a static array.

    public static int mask(int size) { return -1 >>> (32 - 8 * size); }

    public static int signBit(int size) { return 1 << (8 * size - 1); }

    public static int bits(int size) { return size * 8; }

    /** {@code value} truncated to {@code size} bytes then sign-extended to 32 bits. */
    public static int signExtend(int value, int size) {
        int shift = 32 - size * 8;
        return (value << shift) >> shift;
    }
}
