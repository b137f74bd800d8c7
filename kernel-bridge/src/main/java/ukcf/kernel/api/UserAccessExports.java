package ukcf.kernel.api;

import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.memory.Memory;
import ukcf.cpu.state.CpuState;

/**
 * Copies between the driver and the calling process (arch/x86/lib/usercopy_32.c, getuser.S, putuser.S, fs/libfs.c):
 * the user range is checked as access_ok does, and a fault on a user page ends the copy with the count not
 * copied, as the exception table makes it on Linux. A fault on the kernel side is the driver's oops.
 */
final class UserAccessExports {
    private UserAccessExports() { }

    /** Copies what it can; answers the bytes not copied. */
    static int copyToUser(Memory m, int to, int from, int n) {
        if (!GuestBytes.userRange(to, n)) return n;
        for (int i = 0; Integer.compareUnsigned(i, n) < 0; i++) {
            int b = m.read8(from + i);
            try {
                m.write8(to + i, b);
            } catch (GuestFault userFault) {
                return n - i;
            }
        }
        return 0;
    }

    /** Copies what it can and zeroes the rest of the destination; answers the bytes not copied. */
    static int copyFromUser(Memory m, int to, int from, int n) {
        int copied = 0;
        if (GuestBytes.userRange(from, n)) {
            try {
                for (; Integer.compareUnsigned(copied, n) < 0; copied++) {
                    int b = m.read8(from + copied);
                    m.write8(to + copied, b);
                }
            } catch (GuestFault userFault) {
                // the rest is zeroed below
            }
        }
        if (copied != n) GuestBytes.fill(m, to + copied, 0, n - copied);
        return n - copied;
    }

    @KernelExport(name = "_copy_to_user")
    static int copyToUser(KernelCall c, int to, int from, int n) { return copyToUser(c.memory(), to, from, n); }

    @KernelExport(name = "_copy_from_user")
    static int copyFromUser(KernelCall c, int to, int from, int n) { return copyFromUser(c.memory(), to, from, n); }

    /** Hardened-usercopy's object check: the bridge bounds copies itself. */
    @KernelExport(name = "__check_object_size")
    static void checkObjectSize(KernelCall c, int pointer, int n, int toUser) { }

    @KernelExport(name = "__get_user_1", convention = KernelExport.Convention.CUSTOM)
    static void getUser1(KernelCall c) { getUser(c, 1); }

    @KernelExport(name = "__get_user_2", convention = KernelExport.Convention.CUSTOM)
    static void getUser2(KernelCall c) { getUser(c, 2); }

    @KernelExport(name = "__get_user_4", convention = KernelExport.Convention.CUSTOM)
    static void getUser4(KernelCall c) { getUser(c, 4); }

    @KernelExport(name = "__put_user_1", convention = KernelExport.Convention.CUSTOM)
    static void putUser1(KernelCall c) { putUser(c, 1); }

    @KernelExport(name = "__put_user_2", convention = KernelExport.Convention.CUSTOM)
    static void putUser2(KernelCall c) { putUser(c, 2); }

    @KernelExport(name = "__put_user_4", convention = KernelExport.Convention.CUSTOM)
    static void putUser4(KernelCall c) { putUser(c, 4); }

    /** getuser.S: address in EAX; EAX = 0 or -EFAULT, EDX = the zero-extended value. */
    private static void getUser(KernelCall c, int size) {
        CpuState s = c.cpu().state;
        int address = s.gpr[CpuState.EAX];
        int value = 0, error = 0;
        try {
            if (!GuestBytes.userRange(address, size)) throw new IllegalArgumentException();
            value = size == 1 ? c.memory().read8(address) : size == 2 ? c.memory().read16(address) : c.memory().read32(address);
        } catch (GuestFault | IllegalArgumentException bad) {
            error = GuestBytes.EFAULT;
        }
        s.gpr[CpuState.EAX] = error;
        s.gpr[CpuState.EDX] = value;
        c.returnToCaller();
    }

    /** putuser.S: value in EAX, address in ECX; ECX = 0 or -EFAULT. */
    private static void putUser(KernelCall c, int size) {
        CpuState s = c.cpu().state;
        int address = s.gpr[CpuState.ECX], value = s.gpr[CpuState.EAX];
        int error = 0;
        try {
            if (!GuestBytes.userRange(address, size)) throw new IllegalArgumentException();
            if (size == 1) c.memory().write8(address, value);
            else if (size == 2) c.memory().write16(address, value);
            else c.memory().write32(address, value);
        } catch (GuestFault | IllegalArgumentException bad) {
            error = GuestBytes.EFAULT;
        }
        s.gpr[CpuState.ECX] = error;
        c.returnToCaller();
    }

    /** simple_read_from_buffer(to, count, loff_t *ppos, from, available). */
    @KernelExport(name = "simple_read_from_buffer")
    static int simpleReadFromBuffer(KernelCall c, int to, int count, int position, int from, int available) {
        long pos = c.memory().read64(position);
        if (pos < 0) return GuestBytes.EINVAL;
        if (pos >= Integer.toUnsignedLong(available) || count == 0) return 0;
        int n = (int) Math.min(Integer.toUnsignedLong(count), Integer.toUnsignedLong(available) - pos);
        int left = copyToUser(c.memory(), to, from + (int) pos, n);
        if (left == n) return GuestBytes.EFAULT;
        n -= left;
        c.memory().write64(position, pos + n);
        return n;
    }

    /** simple_write_to_buffer(to, available, loff_t *ppos, from, count). */
    @KernelExport(name = "simple_write_to_buffer")
    static int simpleWriteToBuffer(KernelCall c, int to, int available, int position, int from, int count) {
        long pos = c.memory().read64(position);
        if (pos < 0) return GuestBytes.EINVAL;
        if (pos >= Integer.toUnsignedLong(available) || count == 0) return 0;
        int n = (int) Math.min(Integer.toUnsignedLong(count), Integer.toUnsignedLong(available) - pos);
        int left = copyFromUser(c.memory(), to + (int) pos, from, n);
        if (left == n) return GuestBytes.EFAULT;
        n -= left;
        c.memory().write64(position, pos + n);
        return n;
    }
}
