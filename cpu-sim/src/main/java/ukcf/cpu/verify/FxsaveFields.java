package ukcf.cpu.verify;

/** Byte offsets inside a 512-byte FXSAVE image (Intel SDM vol. 1, table 10-2) that the verifier reads or seeds. */
final class FxsaveFields {
    private FxsaveFields() { }

    static final int FCW = 0, FSW = 2, FTW_ABRIDGED = 4, FOP = 6, FIP = 8, FCS = 12, FDP = 16, FDS = 20;
    static final int MXCSR = 24, MXCSR_MASK = 28;
    /** ST(i)/MMi: 10 significant bytes in a 16-byte slot, in physical register order relative to TOP. */
    static final int ST0 = 32, ST_SLOT = 16, ST_BYTES = 10;
    static final int XMM0 = 160, XMM_SLOT = 16;
    static final int FCW_DEFAULT = 0x037F, MXCSR_DEFAULT = 0x1F80;

    static int read16(byte[] image, int at) { return (image[at] & 0xFF) | (image[at + 1] & 0xFF) << 8; }

    static int read32(byte[] image, int at) { return read16(image, at) | read16(image, at + 2) << 16; }

    static void write16(byte[] image, int at, int value) {
        image[at] = (byte) value;
        image[at + 1] = (byte) (value >>> 8);
    }

    static void write32(byte[] image, int at, int value) {
        write16(image, at, value);
        write16(image, at + 2, value >>> 16);
    }

    static void write64(byte[] image, int at, long value) {
        write32(image, at, (int) value);
        write32(image, at + 4, (int) (value >>> 32));
    }

    static long read64(byte[] image, int at) {
        return (read32(image, at) & 0xFFFFFFFFL) | (long) read32(image, at + 4) << 32;
    }

    /** The state after FNINIT with SSE reset: all registers empty, exceptions masked, round to nearest. */
    static byte[] resetImage() {
        byte[] image = new byte[512];
        write16(image, FCW, FCW_DEFAULT);
        write32(image, MXCSR, MXCSR_DEFAULT);
        return image;
    }
}
