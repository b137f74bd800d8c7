package ukcf.kernel.chardev;

/** A device operation the kernel refuses (no driver behind a node, a missing operation, a driver's error). */
public final class DeviceError extends RuntimeException {
    private final int errno;

    /** @param errno the positive errno the system call answers */
    public DeviceError(int errno, String message) {
        super(message, null, false, false);
        this.errno = errno;
    }

    public int errno() { return errno; }
}
