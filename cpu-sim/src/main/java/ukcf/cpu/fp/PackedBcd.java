package ukcf.cpu.fp;

/**
 * The x87 packed BCD integer (FBLD/FBSTP): 18 decimal digits in bytes 0-8, two per byte, low digit in the low
 * nibble; byte 9 holds the sign in bit 7.
 */
public final class PackedBcd {
    private PackedBcd() { }

    public static final int SIZE = 10;
    private static final long LIMIT = 1_000_000_000_000_000_000L;  // 10^18

    /** FBLD: exact. Nibbles above 9 are not checked by the hardware and weigh as their value here. */
    public static Float80 load(byte[] b) {
        long value = 0;
        for (int i = 8; i >= 0; i--) {
            value = value * 10 + ((b[i] >> 4) & 0xF);
            value = value * 10 + (b[i] & 0xF);
        }
        boolean negative = (b[9] & 0x80) != 0;
        if (value == 0) return negative ? Float80.NEGATIVE_ZERO : Float80.POSITIVE_ZERO;
        Float80 magnitude = Extended.fromInteger(value);
        return negative ? magnitude.negate() : magnitude;
    }

    /** FBSTP: rounds per RC; NaN, infinity or a magnitude of 10^18 or more give the BCD indefinite and invalid. */
    public static byte[] store(Float80 x, FpContext c) {
        byte[] b = new byte[SIZE];
        FpValue v = FpValue.unpack(x);
        long value;
        if (v.kind() == FpValue.Kind.ZERO) {
            value = 0;
        } else {
            FpContext probe = new FpContext(FpContext.Dialect.X87);
            probe.rounding = c.rounding;
            value = SoftFloat.toInteger(v, 64, c.rounding, probe);
            boolean invalid = (probe.flags & FpException.INVALID) != 0 || value >= LIMIT || value <= -LIMIT;
            if (invalid) {
                c.raise(FpException.INVALID);
                b[7] = (byte) 0xC0;
                b[8] = (byte) 0xFF;
                b[9] = (byte) 0xFF;
                return b;
            }
            c.raise(probe.flags);
            c.roundedUp = probe.roundedUp;
        }
        long magnitude = Math.abs(value);
        for (int i = 0; i < 9; i++) {
            int low = (int) (magnitude % 10);
            magnitude /= 10;
            int high = (int) (magnitude % 10);
            magnitude /= 10;
            b[i] = (byte) (high << 4 | low);
        }
        if (x.negative()) b[9] = (byte) 0x80;
        return b;
    }
}
