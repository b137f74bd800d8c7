package ukcf.kernel.chardev;

import java.util.function.Supplier;

import ukcf.cpu.memory.Memory;
import ukcf.kernel.KernelModules;
import ukcf.kernel.abi.KernelStruct;
import ukcf.kernel.module.LoadedModule;
import ukcf.shells.EntryPoint;

/**
 * An open character device: a struct file in kernel memory whose f_op is the driver's file_operations, and the
 * shells that call them as the VFS does (fs/read_write.c, fs/ioctl.c, mm/mmap.c, fs/select.c, fs/file_table.c):
 * the VFS's own checks first (access mode, user range, whence), then the driver's function in the calling
 * process's context, its negative answer as a {@link DeviceError}. A failed driver call (an oops, an unimplemented
 * import) comes out as the executor's {@code DriverCallFailure}. The module that owns the operations is pinned
 * from open to release, so it cannot unload under an open file.
 */
public final class OpenDevice {
    private static final int EBADF = 9, EINVAL = 22, ESPIPE = 29, EFAULT = 14, ENODEV = 19, EACCES = 13, ENOMEM = 12,
            ENXIO = 6, ENOTTY = 25;
    private static final int SEEK_MAX = 4, POLLERR = 0x8, POLLHUP = 0x10;
    private static final int PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4;
    private static final int OPEN_ACCESS_MODE = 3, O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2;
    /** Bytes after the struct file: a loff_t for read and write positions, then a poll_table. */
    private static final int SCRATCH = 16;

    private final CharDevices devices;
    private final KernelModules k;
    private final DeviceNode node;
    private final int file, fops;
    private final LoadedModule owner;
    private final String driver;
    private boolean released;

    private OpenDevice(CharDevices devices, DeviceNode node, int file, int fops, LoadedModule owner) {
        this.devices = devices;
        this.k = devices.kernel();
        this.node = node;
        this.file = file;
        this.fops = fops;
        this.owner = owner;
        this.driver = owner == null ? "kernel" : owner.name();
    }

    /** chrdev_open (and misc_open): the file made, the module pinned, the driver's open called when it has one. */
    static OpenDevice open(CharDevices devices, Memory user, DeviceNode node, CharDevices.Target target, int flags) {
        KernelModules k = devices.kernel();
        KernelStruct fileType = k.abi().struct("file"), inodeType = k.abi().struct("inode");
        int ownerPointer = devices.read32(target.fops(), k.abi().struct("file_operations"), "owner");
        LoadedModule owner = devices.moduleOf(ownerPointer);
        if (ownerPointer != 0 && (owner == null || !owner.get())) throw new DeviceError(ENXIO, node + ": its module is going");
        int file = k.heap().allocate(fileType.size() + SCRATCH);
        if (file == 0) {
            if (owner != null) owner.put();
            throw new DeviceError(ENOMEM, "no kernel memory for a struct file");
        }
        int mode = switch (flags & OPEN_ACCESS_MODE) {
            case O_RDONLY -> constant(k, "FMODE_READ");
            case O_WRONLY -> constant(k, "FMODE_WRITE");
            case O_RDWR -> constant(k, "FMODE_READ") | constant(k, "FMODE_WRITE");
            default -> 0;
        };
        // do_dentry_open: seekable and positional by default; no llseek function means no seeking
        mode |= constant(k, "FMODE_LSEEK") | constant(k, "FMODE_PREAD") | constant(k, "FMODE_PWRITE");
        if (devices.read32(target.fops(), k.abi().struct("file_operations"), "llseek") == 0) mode &= ~constant(k, "FMODE_LSEEK");
        devices.write32(file, fileType, "f_inode", node.inode());
        devices.write32(file, fileType, "f_op", target.fops());
        devices.write32(file, fileType, "f_flags", flags);
        devices.write32(file, fileType, "f_mode", mode);
        devices.write32(file, fileType, "f_count", 1);
        devices.write32(file, fileType, "private_data", target.misc());
        if (target.cdev() != 0 && node.inode() != 0) devices.write32(node.inode(), inodeType, "i_cdev", target.cdev());
        OpenDevice open = new OpenDevice(devices, node, file, target.fops(), owner);
        int function = open.operation("open");
        boolean opened = false;
        try {
            if (function != 0) open.check(open.call(user, "open", function, node.inode(), file));
            opened = true;
        } finally {
            if (!opened) open.drop();
        }
        return open;
    }

    private static int constant(KernelModules k, String name) { return (int) k.abi().constant(name); }

    private int constant(String name) { return constant(k, name); }

    public DeviceNode node() { return node; }

    /** The module behind the operations ("kernel" for the host's own). */
    public String driver() { return driver; }

    private int operation(String name) { return devices.read32(fops, k.abi().struct("file_operations"), name); }

    private int fileField(String name) { return devices.read32(file, k.abi().struct("file"), name); }

    private int mode() { return fileField("f_mode"); }

    private int position() { return file + k.abi().struct("file").offset("f_pos"); }

    private int scratch() { return file + k.abi().struct("file").size(); }

    /** read(2), or pread64(2) when {@code positional}: bytes read. */
    public int read(Memory user, int buffer, int count, boolean positional, long offset) {
        return transfer(user, "read", "FMODE_READ", "FMODE_PREAD", buffer, count, positional, offset);
    }

    /** write(2), or pwrite64(2) when {@code positional}: bytes written. */
    public int write(Memory user, int buffer, int count, boolean positional, long offset) {
        return transfer(user, "write", "FMODE_WRITE", "FMODE_PWRITE", buffer, count, positional, offset);
    }

    private int transfer(Memory user, String operation, String access, String positionalAccess, int buffer, int count,
                         boolean positional, long offset) {
        if ((mode() & constant(access)) == 0) throw new DeviceError(EBADF, node + " is not open for " + operation);
        int function = operation(operation);
        if (function == 0) throw new DeviceError(EINVAL, driver + " has no file_operations." + operation);
        if (positional && (mode() & constant(positionalAccess)) == 0) throw new DeviceError(ESPIPE, node + " is not positional");
        if (!userRange(buffer, count, Integer.toUnsignedLong(constant("PAGE_OFFSET")))) throw new DeviceError(EFAULT, "buffer outside user space");
        long position = positional ? offset : k.kernelMemory().read64(position());
        if (position < 0) throw new DeviceError(EINVAL, "negative position");
        int n = (int) Math.min(Integer.toUnsignedLong(count), constant("MAX_RW_COUNT"));
        k.kernelMemory().write64(scratch(), position);
        int result = check(call(user, operation, function, file, buffer, n, scratch()));
        if (!positional) k.kernelMemory().write64(position(), k.kernelMemory().read64(scratch()));
        return result;
    }

    /** lseek(2) and _llseek(2): the new position. */
    public long seek(Memory user, long offset, int whence) {
        if (Integer.compareUnsigned(whence, SEEK_MAX) > 0) throw new DeviceError(EINVAL, "whence " + whence);
        if ((mode() & constant("FMODE_LSEEK")) == 0) throw new DeviceError(ESPIPE, driver + " has no llseek");
        long result = callLong(user, "llseek", operation("llseek"), file, (int) offset, (int) (offset >>> 32), whence);
        if (result < 0 && result >= -4095) throw new DeviceError((int) -result, driver + ": llseek returned " + result);
        return result;
    }

    /** ioctl(2) past the VFS's own requests: the driver's unlocked_ioctl. */
    public int ioctl(Memory user, int command, int argument) {
        int function = operation("unlocked_ioctl");
        if (function == 0) throw new DeviceError(ENOTTY, driver + " has no unlocked_ioctl");
        int result = call(user, "unlocked_ioctl", function, file, command, argument);
        if (result == -constant("ENOIOCTLCMD")) result = -ENOTTY;
        return check(result);
    }

    /**
     * mmap(2) of {@code length} bytes at user address {@code start}: the driver's mmap runs on a vm_area_struct;
     * answers the kernel page frames it remapped, one per page (null where it mapped nothing: an access there is
     * SIGBUS, as a fault on a VM_PFNMAP area without a fault handler).
     */
    public byte[][] mmap(Memory user, int start, int length, int prot, boolean shared, long offset) {
        int function = operation("mmap");
        if (function == 0) throw new DeviceError(ENODEV, driver + " has no mmap");
        int mode = mode();
        if ((mode & constant("FMODE_READ")) == 0) throw new DeviceError(EACCES, node + " is not open for reading");
        if (shared && (prot & PROT_WRITE) != 0 && (mode & constant("FMODE_WRITE")) == 0) {
            throw new DeviceError(EACCES, node + " is not open for writing");
        }
        KernelStruct type = k.abi().struct("vm_area_struct");
        int vma = k.heap().allocate(type.size());
        if (vma == 0) throw new DeviceError(ENOMEM, "no kernel memory for a vma");
        int pageShift = constant("PAGE_SHIFT");
        byte[][] frames = new byte[(int) (Integer.toUnsignedLong(length) >>> pageShift)][];
        try {
            devices.write32(vma, type, "vm_start", start);
            devices.write32(vma, type, "vm_end", start + length);
            devices.write32(vma, type, "vm_flags", vmFlags(prot, shared, mode));
            devices.write32(vma, type, "vm_page_prot", pageProtection(prot, shared));
            devices.write32(vma, type, "vm_pgoff", (int) (offset >>> pageShift));
            devices.write32(vma, type, "vm_file", file);
            devices.beginMapping(vma, frames);
            check(call(user, "mmap", function, file, vma));
        } finally {
            devices.endMapping(vma);
            k.heap().free(vma);
        }
        return frames;
    }

    /** do_mmap's vm_flags: the access asked for, what mprotect may add, sharing (not without write access). */
    private int vmFlags(int prot, boolean shared, int mode) {
        int flags = 0;
        if ((prot & PROT_READ) != 0) flags |= constant("VM_READ");
        if ((prot & PROT_WRITE) != 0) flags |= constant("VM_WRITE");
        if ((prot & PROT_EXEC) != 0) flags |= constant("VM_EXEC");
        flags |= constant("VM_MAYREAD") | constant("VM_MAYWRITE") | constant("VM_MAYEXEC");
        if (shared) {
            flags |= constant("VM_SHARED") | constant("VM_MAYSHARE");
            if ((mode & constant("FMODE_WRITE")) == 0) flags &= ~(constant("VM_MAYWRITE") | constant("VM_SHARED"));
        }
        return flags;
    }

    /** The x86 page-table bits vm_get_page_prot gives: present, user, accessed, writable only when shared. */
    private int pageProtection(int prot, boolean shared) {
        if ((prot & (PROT_READ | PROT_WRITE | PROT_EXEC)) == 0) return 0;
        int bits = constant("_PAGE_PRESENT") | constant("_PAGE_USER") | constant("_PAGE_ACCESSED");
        return shared && (prot & PROT_WRITE) != 0 ? bits | constant("_PAGE_RW") : bits;
    }

    /**
     * vfs_poll without waiting (as poll(2) with a zero timeout asks: a table whose _qproc is NULL): the events
     * ready among {@code events}, plus POLLERR and POLLHUP.
     */
    public int poll(Memory user, int events) {
        int wanted = events | POLLERR | POLLHUP;
        int function = operation("poll");
        if (function == 0) return constant("DEFAULT_POLLMASK") & wanted;
        KernelStruct table = k.abi().struct("poll_table_struct");
        int pt = scratch() + 8;
        devices.write32(pt, table, "_qproc", 0);
        devices.write32(pt, table, "_key", wanted);
        return call(user, "poll", function, file, pt) & wanted & 0xFFFF;
    }

    /** Whether msync(MS_SYNC) and fsync have a driver function to call (Linux answers EINVAL without one). */
    public boolean hasFsync() { return operation("fsync") != 0; }

    /** __fput on the last close: the driver's release, then the module unpinned and the file freed. */
    public void release(Memory user) {
        synchronized (this) {
            if (released) return;
            released = true;
        }
        try {
            int function = operation("release");
            if (function != 0) call(user, "release", function, node.inode(), file);
        } finally {
            drop();
        }
    }

    private void drop() {
        if (owner != null) owner.put();
        k.heap().free(file);
    }

    /** Calls a function returning int (EAX). */
    private int call(Memory user, String operation, int function, int... arguments) {
        return (int) callLong(user, operation, function, arguments);
    }

    /** Calls a function returning loff_t (EDX:EAX). */
    private long callLong(Memory user, String operation, int function, int... arguments) {
        EntryPoint entry = new EntryPoint(driver, "file_operations." + operation, function, k.caller(), k.tracer());
        Supplier<Long> body = () -> entry.callLong(arguments);
        return k.onBehalfOf(user, body);
    }

    /** A driver's negative errno answer as a {@link DeviceError}; anything else is the result. */
    private int check(int result) {
        if (result < 0 && result >= -4095) throw new DeviceError(-result, driver + " answered " + result);
        return result;
    }

    /** access_ok: the range lies below the kernel half ({@code top}, TASK_SIZE: PAGE_OFFSET on i386). */
    private static boolean userRange(int address, int length, long top) {
        long a = Integer.toUnsignedLong(address), n = Integer.toUnsignedLong(length);
        return n <= top && a <= top - n;
    }

    @Override
    public String toString() { return node + " open on " + driver; }
}
