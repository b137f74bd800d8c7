package ukcf.kernel.api;

import java.nio.charset.StandardCharsets;

import ukcf.kernel.abi.KernelStruct;
import ukcf.kernel.chardev.CharDevices;

/**
 * Character devices (fs/char_dev.c, drivers/char/misc.c, drivers/base/core.c and class.c), the llseek helpers of
 * fs/read_write.c, remap_pfn_range, wait queues and mutexes. Registration goes to the host's {@link CharDevices},
 * which makes the /dev nodes; the structures stay the driver's, read through the ABI profile.
 */
final class CharDeviceExports {
    private CharDeviceExports() { }

    private static final int EINVAL = -22, ENXIO = -6;
    private static final int SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2, SEEK_DATA = 3, SEEK_HOLE = 4;
    /** What a held mutex's owner reads: a task pointer (low flag bits clear); the bridge has no task_struct. */
    private static final int OWNER_TASK = 0x8;

    private static CharDevices devices(KernelCall c) { return c.kernel().modules().charDevices(); }

    private static KernelStruct struct(KernelCall c, String name) { return c.kernel().modules().abi().struct(name); }

    private static String name(KernelCall c, int address) {
        return new String(GuestBytes.string(c.memory(), address, 64), StandardCharsets.ISO_8859_1);
    }

    // ---- device numbers ----

    @KernelExport(name = "__register_chrdev")
    static int registerChrdev(KernelCall c, int major, int baseMinor, int count, int name, int fops) {
        return devices(c).registerChrdev(major, baseMinor, count, name(c, name), fops);
    }

    @KernelExport(name = "__unregister_chrdev")
    static void unregisterChrdev(KernelCall c, int major, int baseMinor, int count, int name) {
        devices(c).unregisterChrdev(major, baseMinor, count);
    }

    @KernelExport(name = "register_chrdev_region")
    static int registerChrdevRegion(KernelCall c, int from, int count, int name) {
        CharDevices d = devices(c);
        int major = from >>> (int) c.kernel().modules().abi().constant("MINORBITS");
        int result = d.registerRegion(major, from & ((1 << c.kernel().modules().abi().constant("MINORBITS")) - 1), count, name(c, name));
        return result < 0 ? result : 0;
    }

    @KernelExport(name = "alloc_chrdev_region")
    static int allocChrdevRegion(KernelCall c, int dev, int baseMinor, int count, int name) {
        int major = devices(c).registerRegion(0, baseMinor, count, name(c, name));
        if (major < 0) return major;
        c.memory().write32(dev, major << (int) c.kernel().modules().abi().constant("MINORBITS") | baseMinor);
        return 0;
    }

    @KernelExport(name = "unregister_chrdev_region")
    static void unregisterChrdevRegion(KernelCall c, int from, int count) { devices(c).unregisterRegion(from, count); }

    // ---- cdevs ----

    @KernelExport(name = "cdev_init")
    static void cdevInit(KernelCall c, int cdev, int fops) { devices(c).initCdev(cdev, fops); }

    @KernelExport(name = "cdev_alloc")
    static int cdevAlloc(KernelCall c) {
        int cdev = c.kernel().modules().heap().allocate(struct(c, "cdev").size());
        if (cdev != 0) devices(c).initCdev(cdev, 0);
        return cdev;
    }

    @KernelExport(name = "cdev_add")
    static int cdevAdd(KernelCall c, int cdev, int dev, int count) { return devices(c).addCdev(cdev, dev, count); }

    @KernelExport(name = "cdev_del")
    static void cdevDel(KernelCall c, int cdev) { devices(c).deleteCdev(cdev); }

    // ---- misc ----

    @KernelExport(name = "misc_register")
    static int miscRegister(KernelCall c, int misc) { return devices(c).registerMisc(misc); }

    @KernelExport(name = "misc_deregister")
    static void miscDeregister(KernelCall c, int misc) { devices(c).deregisterMisc(misc); }

    // ---- classes and devices ----

    @KernelExport(name = "__class_create", gpl = true)
    static int classCreate(KernelCall c, int owner, int name, int key) { return devices(c).createClass(owner, name); }

    @KernelExport(name = "class_destroy", gpl = true)
    static void classDestroy(KernelCall c, int owningClass) {
        if (owningClass != 0 && Integer.compareUnsigned(owningClass, -4095) < 0) devices(c).destroyClass(owningClass);
    }

    /** device_create(class, parent, devt, drvdata, fmt, ...): the node's name is printf'd as vsnprintf does. */
    @KernelExport(name = "device_create", gpl = true, convention = KernelExport.Convention.VARARGS)
    static int deviceCreate(KernelCall c, int owningClass, int parent, int devt, int driverData, int format) {
        byte[] text = c.kernel().format(c.memory()).format(format, c.varargsAfter(5));
        return devices(c).createDevice(owningClass, parent, devt, driverData, new String(text, StandardCharsets.ISO_8859_1));
    }

    @KernelExport(name = "device_destroy", gpl = true)
    static void deviceDestroy(KernelCall c, int owningClass, int devt) { devices(c).destroyDevice(owningClass, devt); }

    // ---- llseek helpers (file, loff_t offset, int whence) ----

    /** default_llseek: positions from 0 upward, SEEK_END from the inode's size, SEEK_DATA/SEEK_HOLE by it too. */
    @KernelExport(name = "default_llseek")
    static long defaultLlseek(KernelCall c, int file, long offset, int whence) {
        KernelStruct fileType = struct(c, "file"), inodeType = struct(c, "inode");
        int position = file + fileType.offset("f_pos");
        int inode = c.memory().read32(file + fileType.offset("f_inode"));
        long size = inode == 0 ? 0 : c.memory().read64(inode + inodeType.offset("i_size"));
        long current = c.memory().read64(position);
        switch (whence) {
            case SEEK_END -> offset += size;
            case SEEK_CUR -> {
                if (offset == 0) return current;
                offset += current;
            }
            case SEEK_DATA -> {
                if (offset >= size) return ENXIO;
            }
            case SEEK_HOLE -> {
                if (offset >= size) return ENXIO;
                offset = size;
            }
            case SEEK_SET -> { }
            default -> { return EINVAL; }
        }
        if (offset < 0) return EINVAL;
        if (offset != current) {
            c.memory().write64(position, offset);
            c.memory().write64(file + fileType.offset("f_version"), 0);
        }
        return offset;
    }

    /** no_llseek: not seekable. */
    @KernelExport(name = "no_llseek")
    static long noLlseek(KernelCall c, int file, long offset, int whence) { return -29; }

    /** noop_llseek: seeking succeeds and moves nothing. */
    @KernelExport(name = "noop_llseek")
    static long noopLlseek(KernelCall c, int file, long offset, int whence) {
        return c.memory().read64(file + struct(c, "file").offset("f_pos"));
    }

    // ---- mappings ----

    /** remap_pfn_range(vma, addr, pfn, size, prot): valid only inside the driver's mmap. */
    @KernelExport(name = "remap_pfn_range")
    static int remapPfnRange(KernelCall c, int vma, int address, int pfn, int size, int prot) {
        return devices(c).remapPfnRange(vma, address, pfn, size);
    }

    // ---- wait queues ----

    @KernelExport(name = "__init_waitqueue_head")
    static void initWaitqueueHead(KernelCall c, int head, int name, int key) {
        KernelStruct type = struct(c, "wait_queue_head");
        c.memory().write32(head + type.offset("lock"), 0);
        int list = head + type.offset("head");
        c.memory().write32(list, list);
        c.memory().write32(list + 4, list);
    }

    /**
     * __wake_up: nothing sleeps inside a driver here (calls never overlap); a process waiting in poll asks the
     * driver again every few milliseconds instead of being queued.
     */
    @KernelExport(name = "__wake_up")
    static void wakeUp(KernelCall c, int head, int mode, int count, int key) { }

    // ---- mutexes: driver calls never overlap, so a mutex found held can only be a deadlock ----

    @KernelExport(name = "__mutex_init")
    static void mutexInit(KernelCall c, int lock, int name, int key) {
        KernelStruct type = struct(c, "mutex");
        c.memory().write32(lock + type.offset("owner"), 0);
        c.memory().write32(lock + type.offset("wait_lock"), 0);
        int list = lock + type.offset("wait_list");
        c.memory().write32(list, list);
        c.memory().write32(list + 4, list);
    }

    @KernelExport(name = "mutex_lock")
    static void mutexLock(KernelCall c, int lock) {
        if (!tryLock(c, lock)) {
            throw new KernelOops(String.format("deadlock: mutex_lock of the mutex at 0x%08x, which is held and nothing"
                    + " else runs to release it", lock));
        }
    }

    @KernelExport(name = "mutex_lock_interruptible")
    static int mutexLockInterruptible(KernelCall c, int lock) {
        mutexLock(c, lock);
        return 0;
    }

    @KernelExport(name = "mutex_lock_killable")
    static int mutexLockKillable(KernelCall c, int lock) {
        mutexLock(c, lock);
        return 0;
    }

    @KernelExport(name = "mutex_trylock")
    static int mutexTrylock(KernelCall c, int lock) { return tryLock(c, lock) ? 1 : 0; }

    @KernelExport(name = "mutex_unlock")
    static void mutexUnlock(KernelCall c, int lock) {
        c.memory().write32(lock + struct(c, "mutex").offset("owner"), 0);
    }

    private static boolean tryLock(KernelCall c, int lock) {
        int owner = lock + struct(c, "mutex").offset("owner");
        if (c.memory().read32(owner) != 0) return false;
        c.memory().write32(owner, OWNER_TASK);
        return true;
    }
}
