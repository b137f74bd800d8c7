package ukcf.cpu.memory;

import ukcf.cpu.fault.GuestFault;

/** The kind of a memory access: which permission it needs and which #PF error-code bit names it. */
public enum Access {
    READ(Protection.READ, 0),
    WRITE(Protection.WRITE, GuestFault.PF_WRITE),
    FETCH(Protection.EXECUTE, GuestFault.PF_FETCH);

    /** The {@link Protection} bit a page must have for this access. */
    public final int requiredPermission;
    /** The bit of the page-fault error code that describes this access (SDM vol. 3, 4.7). */
    public final int errorCodeBit;

    Access(int requiredPermission, int errorCodeBit) {
        this.requiredPermission = requiredPermission;
        this.errorCodeBit = errorCodeBit;
    }
}
