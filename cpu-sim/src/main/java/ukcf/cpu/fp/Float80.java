package ukcf.cpu.fp;

/**
 * An x87 double-extended value as stored: 16 bits of sign and biased exponent, and the 64-bit significand with its
 * explicit integer bit (bit 63).
 */
public record Float80(int signExponent, long significand) {
    public static final Float80 POSITIVE_ZERO = new Float80(0, 0);
    public static final Float80 NEGATIVE_ZERO = new Float80(0x8000, 0);
    /** The default NaN x87 delivers for a masked invalid operation ("real indefinite"). */
    public static final Float80 INDEFINITE = new Float80(0xFFFF, 0xC000000000000000L);

    public Float80 {
        signExponent &= 0xFFFF;
    }

    public boolean negative() { return (signExponent & 0x8000) != 0; }

    public int biasedExponent() { return signExponent & 0x7FFF; }

    public Float80 negate() { return new Float80(signExponent ^ 0x8000, significand); }

    public Float80 abs() { return new Float80(signExponent & 0x7FFF, significand); }

    /** The ten bytes as memory holds them (little-endian). */
    public void toBytes(byte[] destination, int offset) {
        for (int i = 0; i < 8; i++) destination[offset + i] = (byte) (significand >>> (8 * i));
        destination[offset + 8] = (byte) signExponent;
        destination[offset + 9] = (byte) (signExponent >>> 8);
    }

    public static Float80 fromBytes(byte[] source, int offset) {
        long significand = 0;
        for (int i = 7; i >= 0; i--) significand = (significand << 8) | (source[offset + i] & 0xFF);
        return new Float80((source[offset + 8] & 0xFF) | (source[offset + 9] & 0xFF) << 8, significand);
    }

    @Override
    public String toString() { return String.format("%04x:%016x", signExponent, significand); }
}
