package ukcf.cpu.fault;

/**
 * INT n, INT3, INTO (with OF set) and INT1: a trap the guest requested, to be delivered by the system layer
 * (Linux's {@code int $0x80} system call, SIGTRAP for INT3). Unlike a {@link GuestFault} it is raised after the
 * instruction completed: all state is committed and EIP already holds {@link #returnAddress()}, the address
 * of the next instruction, as the interrupt frame would record it.
 */
public final class SoftwareInterrupt extends RuntimeException {
    private final int vector;
    private final int instructionAddress;
    private final int returnAddress;

    public SoftwareInterrupt(int vector, int instructionAddress, int returnAddress) {
        super(null, null, false, false);
        this.vector = vector;
        this.instructionAddress = instructionAddress;
        this.returnAddress = returnAddress;
    }

    /** Interrupt vector 0..255 ({@code 0x80} for a Linux system call). */
    public int vector() { return vector; }

    public int instructionAddress() { return instructionAddress; }

    public int returnAddress() { return returnAddress; }

    @Override
    public String getMessage() {
        return String.format("software interrupt 0x%02x at eip 0x%08x (returns to 0x%08x)",
                vector, instructionAddress, returnAddress);
    }
}
