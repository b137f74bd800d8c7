package ukcf.cpu.state;

import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.fp.Float80;

/**
 * The 512-byte FXSAVE/FXRSTOR image (legacy 32-bit layout, SDM vol. 1, table 10-2), produced and consumed in one
 * place: the FXSAVE/FXRSTOR instructions use it, and the differential harness compares it with the image the
 * native processor saves.
 *
 * <p>Only bytes 0-287 (x87 state, MXCSR, XMM0-7) are written; 288-511 are left as they were, as a 32-bit
 * processor leaves them. The x87 registers appear in stack order (ST0 first) with their 6-byte padding zeroed.
 */
public final class FxsaveImage {
    public static final int SIZE = 512;
    /** Written part of the image. */
    public static final int LEGACY_SIZE = 288;

    public static final int FCW = 0, FSW = 2, FTW = 4, FOP = 6, FIP = 8, FCS = 12, FDP = 16, FDS = 20;
    public static final int MXCSR = 24, MXCSR_MASK_OFFSET = 28, ST0 = 32, ST_STRIDE = 16, XMM0 = 160, XMM_STRIDE = 16;

    /** MXCSR bits software may set: flags, DAZ, masks, RC, FTZ (no AMD misaligned-SSE bit). */
    public static final int MXCSR_MASK = 0x0000FFFF;

    /**
     * AMD processors save FIP, FOP and FDP only while an exception is pending (FSW.ES = 1) and write zeros
     * otherwise; the oracle CPU of our differential tests is such a processor. Intel saves them always.
     */
    public static final boolean POINTERS_ONLY_WHEN_EXCEPTION_PENDING = true;

    private FxsaveImage() { }

    public static void write(CpuState s, byte[] image) {
        X87State x = s.x87;
        java.util.Arrays.fill(image, 0, LEGACY_SIZE, (byte) 0);
        put16(image, FCW, x.controlWord);
        put16(image, FSW, x.statusWord());
        image[FTW] = (byte) x.abridgedTag();
        if (!POINTERS_ONLY_WHEN_EXCEPTION_PENDING || x.flag(X87State.ERROR_SUMMARY)) {
            put16(image, FOP, x.lastOpcode);
            put32(image, FIP, x.lastInstructionPointer);
            put16(image, FCS, x.lastInstructionSelector);
            put32(image, FDP, x.lastDataPointer);
            put16(image, FDS, x.lastDataSelector);
        }
        put32(image, MXCSR, s.sse.mxcsr);
        put32(image, MXCSR_MASK_OFFSET, MXCSR_MASK);
        for (int i = 0; i < 8; i++) x.st(i).toBytes(image, ST0 + ST_STRIDE * i);
        for (int i = 0; i < 16; i++) put64(image, XMM0 + 8 * i, s.sse.xmm[i]);
    }

    /** Loads the image; raises #GP (before changing anything) if MXCSR sets a reserved bit. */
    public static void read(CpuState s, byte[] image) {
        int mxcsr = get32(image, MXCSR);
        if ((mxcsr & ~MXCSR_MASK) != 0) {
            throw GuestFault.of(ExceptionVector.GP, String.format("FXRSTOR: reserved MXCSR bits in 0x%08x", mxcsr));
        }
        X87State x = s.x87;
        x.controlWord = get16(image, FCW) & X87State.CONTROL_WORD_WRITABLE | X87State.CONTROL_WORD_FIXED;
        x.setStatusWord(get16(image, FSW));
        x.updateErrorSummary();   // ES and B follow the loaded flags and masks (measured)
        x.nonEmpty = image[FTW] & 0xFF;
        x.lastOpcode = get16(image, FOP) & 0x7FF;
        x.lastInstructionPointer = get32(image, FIP);
        x.lastInstructionSelector = get16(image, FCS);
        x.lastDataPointer = get32(image, FDP);
        x.lastDataSelector = get16(image, FDS);
        for (int i = 0; i < 8; i++) x.registers[x.physical(i)] = Float80.fromBytes(image, ST0 + ST_STRIDE * i);
        s.sse.mxcsr = mxcsr;
        for (int i = 0; i < 16; i++) s.sse.xmm[i] = get64(image, XMM0 + 8 * i);
    }

    /** Little-endian fields of an image (also used by the differential harness to seed and read images). */
    public static void put16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    public static void put32(byte[] b, int at, int v) {
        put16(b, at, v);
        put16(b, at + 2, v >>> 16);
    }

    public static void put64(byte[] b, int at, long v) {
        put32(b, at, (int) v);
        put32(b, at + 4, (int) (v >>> 32));
    }

    public static int get16(byte[] b, int at) { return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8; }

    public static int get32(byte[] b, int at) { return get16(b, at) | get16(b, at + 2) << 16; }

    public static long get64(byte[] b, int at) { return (get32(b, at) & 0xFFFFFFFFL) | (long) get32(b, at + 4) << 32; }
}
