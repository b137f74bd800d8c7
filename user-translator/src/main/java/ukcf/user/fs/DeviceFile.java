package ukcf.user.fs;

import java.util.function.Consumer;
import java.util.function.Supplier;

import ukcf.cpu.memory.Memory;
import ukcf.kernel.chardev.DeviceError;
import ukcf.kernel.chardev.DeviceNode;
import ukcf.kernel.chardev.OpenDevice;
import ukcf.kernel.exec.DriverCallFailure;
import ukcf.user.syscall.Errno;
import ukcf.user.syscall.SyscallError;

/**
 * An open /dev node of a driver's char device: each operation goes to the host kernel's {@link OpenDevice}, which
 * runs the driver's file_operations. The driver's errno comes back as this call's; a driver call that failed (an
 * oops, an unimplemented kernel function) is reported on the run's error stream, with the full report in the
 * kernel log, and the call answers EFAULT: the process and the device live on.
 */
public final class DeviceFile implements OpenFile {
    private final OpenDevice device;
    private final Consumer<String> reports;
    private volatile int flags;

    public DeviceFile(OpenDevice device, int flags, Consumer<String> reports) {
        this.device = device;
        this.flags = flags;
        this.reports = reports;
    }

    /** stat of a device node: a char device of devtmpfs (0:5), owned by root. */
    public static FileStatus status(DeviceNode node) {
        long now = System.currentTimeMillis() * 1_000_000L;
        return new FileStatus(5, node.serial(), FileStatus.S_IFCHR | node.mode(), 1, 0, 0, node.userDev(), 0, 4096, 0,
                now, now, now);
    }

    public OpenDevice device() { return device; }

    /**
     * Runs one operation on the device, {@code what} naming it in a failure report: errors become the system
     * call's errno.
     */
    public <T> T call(String what, Supplier<T> operation) {
        return translate(device.driver() + ": " + what + " on " + device.node(), reports, operation);
    }

    /** As {@link #call}, for an operation before there is a file (open): {@code what} names it in a report. */
    public static <T> T translate(String what, Consumer<String> reports, Supplier<T> operation) {
        try {
            return operation.get();
        } catch (DeviceError refused) {
            Errno errno = Errno.of(refused.errno());
            throw new SyscallError(errno != null ? errno : Errno.EINVAL);
        } catch (DriverCallFailure failure) {
            reports.accept("ukcf: " + what + " failed: " + failure.getMessage());
            throw new SyscallError(Errno.EFAULT);
        }
    }

    @Override
    public long seek(long offset, int whence) { return call("llseek", () -> device.seek(null, offset, whence)); }

    @Override
    public FileStatus status() { return status(device.node()); }

    @Override
    public int statusFlags() { return flags; }

    @Override
    public void setStatusFlags(int newFlags) {
        flags = OpenFlags.setStatus(flags, newFlags);
    }

    @Override
    public String linkName() { return "/dev/" + device.node().name(); }

    /** The last descriptor went: the driver's release runs (outside any process's memory). */
    @Override
    public void close() {
        try {
            call("release", () -> {
                device.release((Memory) null);
                return 0;
            });
        } catch (SyscallError reported) {
            // close itself succeeds, as __fput ignores release's answer
        }
    }
}
