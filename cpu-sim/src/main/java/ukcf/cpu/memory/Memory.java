package ukcf.cpu.memory;

/**
 * The guest's view of linear memory as one CPU sees it: little-endian accesses that may cross pages, checked
 * against page permissions for the CPU's privilege level. Violations throw
 * {@link ukcf.cpu.fault.GuestFault} #PF with the faulting address and error code.
 *
 * <p>Values narrower than the return type are zero-extended. {@code fetch*} reads instruction bytes and checks
 * execute permission instead of read permission.
 *
 * <p>10- and 16-byte values (x87 extended precision, SSE registers): read them as consecutive reads in ascending
 * address order ({@code read64(a)} then {@code read16(a + 8)}, or {@code read64(a)} then {@code read64(a + 8)});
 * that reports exactly the fault one wide access would (the first byte if the first page faults, else the first
 * byte of the second page) and reads have no side effects. Writes cannot be split that way without leaving a
 * partial write behind when the second page faults, hence {@link #write80} and {@link #write128}.
 */
public interface Memory {
    int read8(int address);
    int read16(int address);
    int read32(int address);
    long read64(int address);

    void write8(int address, int value);
    void write16(int address, int value);
    void write32(int address, int value);
    void write64(int address, long value);

    /** Writes an x87 80-bit value: significand at bytes 0..7, sign and exponent at bytes 8..9; all-or-nothing. */
    default void write80(int address, long significand, int signAndExponent) {
        byte[] bytes = new byte[10];
        for (int i = 0; i < 8; i++) bytes[i] = (byte) (significand >>> (8 * i));
        bytes[8] = (byte) signAndExponent;
        bytes[9] = (byte) (signAndExponent >>> 8);
        write(address, bytes, 0, bytes.length);
    }

    /** Writes a 128-bit value, {@code low} at bytes 0..7 and {@code high} at bytes 8..15; all-or-nothing. */
    default void write128(int address, long low, long high) {
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (low >>> (8 * i));
            bytes[i + 8] = (byte) (high >>> (8 * i));
        }
        write(address, bytes, 0, bytes.length);
    }

    /** Reads {@code length} bytes; all-or-nothing: a fault is raised before any byte is copied. */
    void read(int address, byte[] destination, int offset, int length);

    /** Writes {@code length} bytes; all-or-nothing: permissions of every page are checked first. */
    void write(int address, byte[] source, int offset, int length);

    /**
     * Checks that {@code length > 0} bytes from {@code address} permit {@code access}, raising the #PF the bulk
     * {@link #read}/{@link #write} would, without moving a byte: for instructions whose fault order differs from
     * one plain access. The default reads (and for a write writes back) the first byte of each page touched;
     * implementations with direct permission checks override it.
     */
    default void probe(int address, int length, Access access) {
        for (long at = address & 0xFFFFFFFFL, end = at + length; at < end; at = (at | 0xFFF) + 1) {
            int page = (int) at;
            switch (access) {
                case READ -> read8(page);
                case WRITE -> write8(page, read8(page));
                default -> fetch8(page);
            }
        }
    }

    /** Instruction fetch of one byte (execute permission). */
    int fetch8(int address);
}
