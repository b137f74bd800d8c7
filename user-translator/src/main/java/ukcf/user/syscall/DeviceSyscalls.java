package ukcf.user.syscall;

import java.util.function.Function;

import ukcf.cpu.memory.Memory;
import ukcf.cpu.memory.PagedMemory;
import ukcf.cpu.memory.Privilege;
import ukcf.kernel.chardev.DeviceNode;
import ukcf.kernel.chardev.OpenDevice;
import ukcf.user.fs.DeviceFile;
import ukcf.user.process.GuestProcess;

/**
 * The system calls on a driver's device node: each reaches the driver's file_operations with the calling process's
 * user half as the memory its copy_to_user and copy_from_user see (a supervisor view of it, as the kernel's).
 */
final class DeviceSyscalls {
    private DeviceSyscalls() { }

    /** The FIO* requests do_vfs_ioctl answers before a driver sees them. */
    private static final int FIONCLEX = 0x5450, FIOCLEX = 0x5451, FIONBIO = 0x5421;

    static <T> T inProcess(GuestProcess p, Function<Memory, T> body) {
        PagedMemory user = p.space().newView(Privilege.SUPERVISOR);
        try {
            return body.apply(user);
        } finally {
            p.space().detach(user);
        }
    }

    /** Opens a device node: /dev/kmsg is the host kernel's own, any other reaches its driver's open. */
    static ukcf.user.fs.OpenFile open(GuestProcess p, DeviceNode node, int flags) {
        if (node.equals(ukcf.kernel.HostKernel.KMSG)) return new ukcf.user.fs.KmsgFile(p.processes().kernel().log(), flags);
        OpenDevice device = DeviceFile.translate("open of " + node, p.messages()::println, () -> inProcess(p, user ->
                p.processes().kernel().modules().charDevices().open(user, node, flags)));
        return new DeviceFile(device, flags, p.messages()::println);
    }

    static int read(GuestProcess p, DeviceFile file, int buffer, int count, boolean positional, long offset) {
        return file.call("read", () -> inProcess(p, user -> file.device().read(user, buffer, count, positional, offset)));
    }

    static int write(GuestProcess p, DeviceFile file, int buffer, int count, boolean positional, long offset) {
        return file.call("write", () -> inProcess(p, user -> file.device().write(user, buffer, count, positional, offset)));
    }

    /** readv/writev on a file without read_iter/write_iter: one call per iovec, stopping at a short one. */
    static int vector(GuestProcess p, DeviceFile file, int[][] iovecs, boolean reading) {
        int total = 0;
        for (int[] iov : iovecs) {
            int n;
            try {
                n = reading ? read(p, file, iov[0], iov[1], false, 0) : write(p, file, iov[0], iov[1], false, 0);
            } catch (SyscallError error) {
                if (total > 0) return total;
                throw error;
            }
            total += n;
            if (n < iov[1]) break;
        }
        return total;
    }

    static int ioctl(GuestProcess p, int fd, DeviceFile file, int request, int argument) {
        switch (request) {
            case FIOCLEX, FIONCLEX -> {
                p.files().setCloseOnExec(fd, request == FIOCLEX);
                return 0;
            }
            case FIONBIO -> {
                int on = p.read32(argument);
                int flags = file.statusFlags();
                file.setStatusFlags(on != 0 ? flags | ukcf.user.fs.OpenFlags.O_NONBLOCK : flags & ~ukcf.user.fs.OpenFlags.O_NONBLOCK);
                return 0;
            }
            default -> {
                return file.call("unlocked_ioctl", () -> inProcess(p, user -> file.device().ioctl(user, request, argument)));
            }
        }
    }

    /** The events ready on the device among {@code events} (poll's revents). */
    static int poll(GuestProcess p, DeviceFile file, int events) {
        return file.call("poll", () -> inProcess(p, user -> file.device().poll(user, events)));
    }

    /** The driver's mmap over [start, start + length): the kernel frames it remapped, one per page. */
    static byte[][] mmap(GuestProcess p, DeviceFile file, int start, int length, int prot, boolean shared, long offset) {
        return file.call("mmap", () -> inProcess(p, user -> file.device().mmap(user, start, length, prot, shared, offset)));
    }
}
