package ukcf.cpu.memory;

import ukcf.cpu.fault.GuestFault;

/**
 * Who performs an access, deciding which pages it may touch.
 *
 * <p>USER (CPL 3) touches only pages with {@link Protection#USER}. SUPERVISOR (CPL 0) touches every page but still
 * honours READ/WRITE/EXECUTE, as Linux runs with CR0.WP=1 (a read-only page is read-only for the kernel too) and
 * with NX. HOST is the emulator itself (loaders, system calls, the kernel bridge): no permission check, but an
 * unmapped page still faults, so a bad guest pointer handed to a system call becomes a clean guest fault.
 */
public enum Privilege {
    USER(GuestFault.PF_USER),
    SUPERVISOR(0),
    HOST(0);

    /** The U/S bit of the page-fault error code for accesses at this privilege. */
    final int errorCodeBit;

    Privilege(int errorCodeBit) {
        this.errorCodeBit = errorCodeBit;
    }

    public static Privilege ofCpl(int cpl) {
        return cpl == 3 ? USER : SUPERVISOR;
    }

    /** Whether a mapped page with {@code protection} allows {@code access} at this privilege. */
    boolean permits(int protection, Access access) {
        if (this == HOST) return true;
        if (this == USER && (protection & Protection.USER) == 0) return false;
        return (protection & access.requiredPermission) != 0;
    }
}
