package ukcf.user.syscall;

/** A system call failing with an errno: thrown by handlers and helpers, returned to the guest as {@code -errno}. */
public final class SyscallError extends RuntimeException {
    private final Errno errno;

    public SyscallError(Errno errno) {
        super(errno.name(), null, false, false);
        this.errno = errno;
    }

    public Errno errno() { return errno; }
}
