package ukcf.cpu.memory;

/**
 * The guest's view of linear memory as one CPU sees it: little-endian accesses that may cross pages, checked
 * against page permissions for the CPU's privilege level. Violations throw
 * {@link ukcf.cpu.fault.GuestFault} #PF with the faulting address and error code.
 *
 * <p>Values narrower than the return type are zero-extended. {@code fetch*} reads instruction bytes and checks
 * execute permission instead of read permission.
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

    /** Reads {@code length} bytes; all-or-nothing: a fault is raised before any byte is copied. */
    void read(int address, byte[] destination, int offset, int length);

    /** Writes {@code length} bytes; all-or-nothing: permissions of every page are checked first. */
    void write(int address, byte[] source, int offset, int length);

    /** Instruction fetch of one byte (execute permission). */
    int fetch8(int address);
}
