package ukcf.cpu.fault;

/**
 * A fault raised by guest code: a guest-visible event, not a bug in ukcf. It carries what a user needs to act
 * on it (vector, EIP of the faulting instruction, error code, faulting address) and no Java stack trace, since
 * faults are frequent (demand paging, signals) and the trace would only describe the emulator.
 *
 * <p>Memory raises faults with {@code eip} unknown ({@link #UNKNOWN_EIP}); the engine that executes the
 * instruction fills it in with {@link #at(int)}, so every fault that leaves the CPU names its instruction.
 */
public final class GuestFault extends RuntimeException {
    public static final long UNKNOWN_EIP = -1;

    /** Page-fault error code bits (SDM vol. 3, 4.7). */
    public static final int PF_PRESENT = 1, PF_WRITE = 2, PF_USER = 4, PF_FETCH = 16;

    private final ExceptionVector vector;
    private final long eip;
    private final int errorCode;
    private final int faultAddress;
    private final String detail;

    public GuestFault(ExceptionVector vector, long eip, int errorCode, int faultAddress, String detail) {
        super(null, null, false, false);
        this.vector = vector;
        this.eip = eip;
        this.errorCode = errorCode;
        this.faultAddress = faultAddress;
        this.detail = detail;
    }

    public static GuestFault pageFault(int address, int errorCode) {
        return new GuestFault(ExceptionVector.PF, UNKNOWN_EIP, errorCode, address, null);
    }

    public static GuestFault of(ExceptionVector vector, String detail) {
        return new GuestFault(vector, UNKNOWN_EIP, 0, 0, detail);
    }

    /** This fault attributed to the instruction at {@code eip} (unchanged if already attributed). */
    public GuestFault at(int eip) {
        return this.eip != UNKNOWN_EIP ? this : new GuestFault(vector, eip & 0xFFFFFFFFL, errorCode, faultAddress, detail);
    }

    public ExceptionVector vector() { return vector; }
    public boolean hasEip() { return eip != UNKNOWN_EIP; }
    public int eip() { return (int) eip; }
    public int errorCode() { return errorCode; }
    public int faultAddress() { return faultAddress; }
    public String detail() { return detail; }

    @Override
    public String getMessage() {
        StringBuilder s = new StringBuilder("#").append(vector.name()).append(" (").append(vector.description).append(')');
        if (hasEip()) s.append(String.format(" at eip 0x%08x", eip));
        if (vector == ExceptionVector.PF) {
            s.append(String.format(" address 0x%08x (%s, %s, %s)", faultAddress,
                    (errorCode & PF_PRESENT) != 0 ? "protection" : "not present",
                    (errorCode & PF_FETCH) != 0 ? "fetch" : (errorCode & PF_WRITE) != 0 ? "write" : "read",
                    (errorCode & PF_USER) != 0 ? "user" : "supervisor"));
        } else if (errorCode != 0) {
            s.append(String.format(" error code 0x%x", errorCode));
        }
        if (detail != null) s.append(": ").append(detail);
        return s.toString();
    }
}
