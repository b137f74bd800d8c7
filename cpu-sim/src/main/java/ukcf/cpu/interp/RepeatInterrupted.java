package ukcf.cpu.interp;

import ukcf.cpu.fault.GuestFault;

/**
 * A repeated string instruction stopped by a fault after completing some iterations. Its registers already
 * describe the faulting iteration (ECX/ESI/EDI, flags of the last completed comparison), as hardware leaves
 * them, so the engine must not roll them back: it only resets EIP to the instruction and raises {@link #fault()}.
 */
public final class RepeatInterrupted extends RuntimeException {
    private final GuestFault fault;

    public RepeatInterrupted(GuestFault fault) {
        super(null, null, false, false);
        this.fault = fault;
    }

    public GuestFault fault() { return fault; }
}
