package ukcf.kernel.chardev;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ukcf.cpu.memory.Memory;
import ukcf.kernel.KernelModules;
import ukcf.kernel.abi.KernelStruct;
import ukcf.kernel.memory.KernelStrings;
import ukcf.kernel.module.LoadedModule;

/**
 * The character devices of the host kernel (fs/char_dev.c, drivers/char/misc.c, drivers/base/core.c): major/minor
 * regions, the cdevs drivers added, misc devices, and the device nodes that udev would make under /dev for a
 * misc device or a device_create. Opening a node finds its file_operations as chrdev_open and misc_open do and
 * returns an {@link OpenDevice}, whose operations run the driver's functions through shells.
 */
public final class CharDevices {
    private static final int EBUSY = -16, EINVAL = -22, EEXIST = -17, ENXIO = -6, ENOMEM = -12;
    /** Dynamic misc minors: a bitmap of this many, handed out from the top down (misc.c's DYNAMIC_MINORS). */
    private static final int DYNAMIC_MINORS = 128;
    /** devtmpfs's mode for a node whose driver asks for none. */
    private static final int DEFAULT_NODE_MODE = 0600;

    private final KernelModules k;
    private final int minorBits, minorMask, miscMajor;

    /** A registered range of device numbers (register_chrdev_region, alloc_chrdev_region, __register_chrdev). */
    private record Region(int major, int baseMinor, int count, String name) {
        boolean overlaps(int otherMajor, int otherBase, int otherCount) {
            return major == otherMajor && baseMinor < otherBase + otherCount && otherBase < baseMinor + count;
        }
    }

    /** A cdev_add: {@code count} device numbers from {@code dev} open through the cdev at {@code address}. */
    private record Cdev(int address, int dev, int count) { }

    /** A struct device made by device_create or misc_register, with its node's name. */
    private record Device(int address, int devt, int owningClass, String node) { }

    private final List<Region> regions = new ArrayList<>();
    private final List<Cdev> cdevs = new ArrayList<>();
    private final Map<Integer, Integer> miscByMinor = new LinkedHashMap<>();
    private final boolean[] dynamicMinors = new boolean[DYNAMIC_MINORS];
    private final Map<String, DeviceNode> nodes = new LinkedHashMap<>();
    private final List<Device> devices = new ArrayList<>();
    private final List<Integer> classes = new ArrayList<>();
    /** Regions __register_chrdev made, with the cdev it allocated for them. */
    private final Map<Region, Integer> chrdevCdevs = new LinkedHashMap<>();
    private long nextInode = 1000;
    /** The vmas of mmap calls in progress, with the frames remap_pfn_range put in them. */
    private final Map<Integer, byte[][]> mappings = new LinkedHashMap<>();

    public CharDevices(KernelModules k) {
        this.k = k;
        this.minorBits = (int) k.abi().constant("MINORBITS");
        this.minorMask = (1 << minorBits) - 1;
        this.miscMajor = (int) k.abi().constant("MISC_MAJOR");
    }

    int major(int dev) { return dev >>> minorBits; }

    int minor(int dev) { return dev & minorMask; }

    int makeDev(int major, int minor) { return major << minorBits | minor; }

    KernelModules kernel() { return k; }

    private Memory memory() { return k.kernelMemory(); }

    private KernelStruct struct(String name) { return k.abi().struct(name); }

    // ---- device numbers ----

    /**
     * __register_chrdev_region: {@code major} 0 asks for a free dynamic one (254 down to 234, then 511 down to 384).
     * Answers the major, or a negative errno.
     */
    public synchronized int registerRegion(int major, int baseMinor, int count, String name) {
        long maxMajor = k.abi().constant("CHRDEV_MAJOR_MAX");
        if (major >= maxMajor || major < 0) return EINVAL;
        if (count <= 0 || baseMinor < 0 || (long) baseMinor + count > minorMask + 1L) return EINVAL;
        if (major == 0) {
            major = dynamicMajor();
            if (major < 0) return EBUSY;
        }
        for (Region r : regions) if (r.overlaps(major, baseMinor, count)) return EBUSY;
        regions.add(new Region(major, baseMinor, count, name));
        return major;
    }

    private int dynamicMajor() {
        long top = k.abi().constant("CHRDEV_MAJOR_MAX") - 1, dynEnd = k.abi().constant("CHRDEV_MAJOR_DYN_END");
        long extStart = k.abi().constant("CHRDEV_MAJOR_DYN_EXT_START"), extEnd = k.abi().constant("CHRDEV_MAJOR_DYN_EXT_END");
        // fs/char_dev.c: 254..234 first; the extended range only when those are taken
        for (long m = 254; m >= dynEnd && m <= top; m--) if (majorFree((int) m)) return (int) m;
        for (long m = extStart; m >= extEnd; m--) if (majorFree((int) m)) return (int) m;
        return -1;
    }

    private boolean majorFree(int major) {
        return regions.stream().noneMatch(r -> r.major() == major);
    }

    /** unregister_chrdev_region: the regions inside [dev, dev + count). */
    public synchronized void unregisterRegion(int dev, int count) {
        regions.removeIf(r -> r.major() == major(dev) && r.baseMinor() >= minor(dev)
                && r.baseMinor() + r.count() <= minor(dev) + count);
    }

    /** __register_chrdev: a region and a cdev over it whose ops are {@code fops}; answers as Linux does. */
    public synchronized int registerChrdev(int major, int baseMinor, int count, String name, int fops) {
        int result = registerRegion(major, baseMinor, count, name);
        if (result < 0) return result;
        int cdev = k.heap().allocate(struct("cdev").size());
        if (cdev == 0) {
            unregisterRegion(makeDev(result, baseMinor), count);
            return ENOMEM;
        }
        initCdev(cdev, fops);
        write32(cdev, struct("cdev"), "owner", read32(fops, struct("file_operations"), "owner"));
        addCdev(cdev, makeDev(result, baseMinor), count);
        chrdevCdevs.put(new Region(result, baseMinor, count, name), cdev);
        return major == 0 ? result : 0;
    }

    /** __unregister_chrdev. */
    public synchronized void unregisterChrdev(int major, int baseMinor, int count) {
        chrdevCdevs.entrySet().removeIf(e -> {
            Region r = e.getKey();
            if (r.major() != major || r.baseMinor() != baseMinor || r.count() != count) return false;
            deleteCdev(e.getValue());
            k.heap().free(e.getValue());
            return true;
        });
        unregisterRegion(makeDev(major, baseMinor), count);
    }

    /**
     * /proc/devices (fs/proc/devices.c): the character majors in use with their names (the host's own mem and
     * misc first), then the block devices, of which the model has none.
     */
    public synchronized String procDevices() {
        java.util.TreeMap<Integer, java.util.Set<String>> names = new java.util.TreeMap<>();
        names.computeIfAbsent(1, m -> new java.util.LinkedHashSet<>()).add("mem");
        names.computeIfAbsent(miscMajor, m -> new java.util.LinkedHashSet<>()).add("misc");
        for (Region r : regions) names.computeIfAbsent(r.major(), m -> new java.util.LinkedHashSet<>()).add(r.name());
        StringBuilder s = new StringBuilder("Character devices:\n");
        names.forEach((major, set) -> set.forEach(name -> s.append(String.format("%3d %s%n", major, name))));
        return s.append("\nBlock devices:\n").toString();
    }

    // ---- cdevs ----

    /** cdev_init: zeroed, its list empty, its ops set. */
    public void initCdev(int cdev, int fops) {
        KernelStruct type = struct("cdev");
        memory().write(cdev, new byte[type.size()], 0, type.size());
        int list = cdev + type.offset("list");
        memory().write32(list, list);
        memory().write32(list + 4, list);
        write32(cdev, type, "ops", fops);
    }

    /** cdev_add: the numbers open through this cdev from now on (a later cdev over the same numbers wins). */
    public synchronized int addCdev(int cdev, int dev, int count) {
        if (count <= 0) return EINVAL;
        write32(cdev, struct("cdev"), "dev", dev);
        write32(cdev, struct("cdev"), "count", count);
        cdevs.add(0, new Cdev(cdev, dev, count));
        return 0;
    }

    /** cdev_del. */
    public synchronized void deleteCdev(int cdev) {
        cdevs.removeIf(c -> c.address() == cdev);
    }

    // ---- misc devices ----

    /** misc_register: a minor (dynamic from 127 down when asked), its node, its this_device. */
    public synchronized int registerMisc(int misc) {
        KernelStruct type = struct("miscdevice");
        int minor = read32(misc, type, "minor");
        String name = string(read32(misc, type, "name"));
        int nodeNamePointer = read32(misc, type, "nodename");
        String node = nodeNamePointer != 0 ? string(nodeNamePointer) : name;
        if (name.isEmpty()) return EINVAL;
        int dynamicIndex = -1;
        if (minor == k.abi().constant("MISC_DYNAMIC_MINOR")) {
            for (int i = 0; i < DYNAMIC_MINORS && dynamicIndex < 0; i++) if (!dynamicMinors[i]) dynamicIndex = i;
            if (dynamicIndex < 0) return EBUSY;
            minor = DYNAMIC_MINORS - dynamicIndex - 1;
        } else if (miscByMinor.containsKey(minor) || minor < 0 || minor > minorMask) {
            return EBUSY;
        }
        if (nodes.containsKey(node)) return EEXIST;
        int mode = memory().read16(misc + type.offset("mode"));
        int devt = makeDev(miscMajor, minor);
        int device = newDevice(devt, 0, read32(misc, type, "parent"), misc);
        if (device == 0) return ENOMEM;
        if (dynamicIndex >= 0) dynamicMinors[dynamicIndex] = true;
        write32(misc, type, "minor", minor);
        write32(misc, type, "this_device", device);
        miscByMinor.put(minor, misc);
        devices.add(new Device(device, devt, 0, node));
        addNode(node, devt, mode == 0 ? DEFAULT_NODE_MODE : mode);
        return 0;
    }

    /** misc_deregister. */
    public synchronized void deregisterMisc(int misc) {
        KernelStruct type = struct("miscdevice");
        int minor = read32(misc, type, "minor");
        if (miscByMinor.getOrDefault(minor, 0) != misc) return;
        miscByMinor.remove(minor);
        int index = DYNAMIC_MINORS - minor - 1;
        if (index >= 0 && index < DYNAMIC_MINORS) dynamicMinors[index] = false;
        removeDevice(makeDev(miscMajor, minor), 0);
        write32(misc, type, "this_device", 0);
    }

    // ---- classes and devices ----

    /** __class_create: a struct class holding its name and owner. */
    public synchronized int createClass(int owner, int name) {
        KernelStruct type = struct("class");
        int c = k.heap().allocate(type.size());
        if (c == 0) return ENOMEM;
        write32(c, type, "name", name);
        write32(c, type, "owner", owner);
        classes.add(c);
        return c;
    }

    /** class_destroy: its devices go with it. */
    public synchronized void destroyClass(int c) {
        if (!classes.remove((Integer) c)) return;
        for (Device d : List.copyOf(devices)) if (d.owningClass() == c) removeDevice(d.devt(), c);
        k.heap().free(c);
    }

    /** device_create: a struct device and, for a device number, the node {@code name}; ERR_PTR values on failure. */
    public synchronized int createDevice(int owningClass, int parent, int devt, int driverData, String name) {
        if (name.isEmpty() || name.startsWith("/") || name.endsWith("/")) return EINVAL;
        if (devt != 0 && nodes.containsKey(name)) return EEXIST;
        int device = newDevice(devt, owningClass, parent, driverData);
        if (device == 0) return ENOMEM;
        devices.add(new Device(device, devt, owningClass, devt != 0 ? name : null));
        if (devt != 0) addNode(name, devt, DEFAULT_NODE_MODE);
        return device;
    }

    /** device_destroy. */
    public synchronized void destroyDevice(int owningClass, int devt) { removeDevice(devt, owningClass); }

    private int newDevice(int devt, int owningClass, int parent, int driverData) {
        KernelStruct type = struct("device");
        int device = k.heap().allocate(type.size());
        if (device == 0) return 0;
        write32(device, type, "devt", devt);
        write32(device, type, "class", owningClass);
        write32(device, type, "parent", parent);
        write32(device, type, "driver_data", driverData);
        return device;
    }

    private void removeDevice(int devt, int owningClass) {
        for (Device d : List.copyOf(devices)) {
            if (d.devt() != devt || d.owningClass() != owningClass) continue;
            devices.remove(d);
            if (d.node() != null) removeNode(d.node());
            k.heap().free(d.address());
        }
    }

    // ---- nodes ----

    private void addNode(String name, int dev, int mode) {
        int inode = k.heap().allocate(struct("inode").size());
        if (inode != 0) {
            KernelStruct type = struct("inode");
            memory().write16(inode + type.offset("i_mode"), 0020000 | mode & 07777);
            write32(inode, type, "i_rdev", dev);
            write32(inode, type, "i_ino", (int) nextInode);
        }
        nodes.put(name, new DeviceNode(name, dev, major(dev), minor(dev), mode & 07777, inode, nextInode++));
    }

    private void removeNode(String name) {
        DeviceNode node = nodes.remove(name);
        if (node != null && node.inode() != 0) k.heap().free(node.inode());
    }

    /** The node /dev/{@code name}, if a driver made one. */
    public synchronized Optional<DeviceNode> node(String name) { return Optional.ofNullable(nodes.get(name)); }

    /** Every node, in the order they were made (a listing of /dev). */
    public synchronized List<DeviceNode> nodes() { return List.copyOf(nodes.values()); }

    /** What a device number opens through: the misc device's or the cdev's file_operations, else 0. */
    synchronized Target target(int dev) {
        if (major(dev) == miscMajor && miscByMinor.containsKey(minor(dev))) {
            int misc = miscByMinor.get(minor(dev));
            return new Target(read32(misc, struct("miscdevice"), "fops"), misc, 0);
        }
        for (Cdev c : cdevs) {
            if (Integer.compareUnsigned(dev - c.dev(), c.count()) < 0) {
                return new Target(read32(c.address(), struct("cdev"), "ops"), 0, c.address());
            }
        }
        return null;
    }

    /** Where opening a number leads: the ops, and the misc device (its private_data) or cdev (inode's i_cdev). */
    record Target(int fops, int misc, int cdev) { }

    /**
     * Opens {@code node} for the process whose user half is {@code user} ({@code flags}: open(2)'s): the driver's
     * open runs through its shell; a negative answer becomes a {@link DeviceError}.
     */
    public OpenDevice open(Memory user, DeviceNode node, int flags) {
        Target target = target(node.dev());
        if (target == null || target.fops() == 0) throw new DeviceError(-ENXIO, "no driver answers " + node);
        return OpenDevice.open(this, user, node, target, flags);
    }

    /** The module a {@code struct module *} names, or null (for the host's own). */
    LoadedModule moduleOf(int thisModule) {
        return k.registry().byThisModule(thisModule).orElse(null);
    }

    /** A module is going: what it left registered goes with it (Linux would keep dangling pointers). */
    public synchronized void dropModule(LoadedModule module) {
        miscByMinor.values().stream().filter(misc -> module.contains(misc)
                || module.contains(read32(misc, struct("miscdevice"), "fops"))).toList().forEach(this::deregisterMisc);
        cdevs.removeIf(c -> module.contains(read32(c.address(), struct("cdev"), "ops")));
        for (Integer c : List.copyOf(classes)) {
            if (read32(c, struct("class"), "owner") == module.thisModule()) destroyClass(c);
        }
        for (Device d : List.copyOf(devices)) {
            if (d.node() != null && target(d.devt()) == null) removeDevice(d.devt(), d.owningClass());
        }
    }

    // ---- mmap ----

    synchronized void beginMapping(int vma, byte[][] frames) { mappings.put(vma, frames); }

    synchronized void endMapping(int vma) { mappings.remove(vma); }

    /**
     * remap_pfn_range for the mmap in progress on {@code vma}: the kernel pages of the linear map (i386 lowmem:
     * physical address + PAGE_OFFSET) become the user pages at {@code address}; 0 or a negative errno.
     */
    public synchronized int remapPfnRange(int vma, int address, int pfn, int size) {
        byte[][] frames = mappings.get(vma);
        KernelStruct type = struct("vm_area_struct");
        if (frames == null) return EINVAL;
        long start = Integer.toUnsignedLong(read32(vma, type, "vm_start"));
        long end = Integer.toUnsignedLong(read32(vma, type, "vm_end"));
        long at = Integer.toUnsignedLong(address), length = Integer.toUnsignedLong(size);
        int page = 1 << k.abi().constant("PAGE_SHIFT");
        if ((at & (page - 1)) != 0 || length == 0 || at < start || at + length > end) return EINVAL;
        long pageOffset = Integer.toUnsignedLong((int) k.abi().constant("PAGE_OFFSET"));
        for (long done = 0; done < length; done += page) {
            long kernelAddress = pageOffset + (Integer.toUnsignedLong(pfn) << k.abi().constant("PAGE_SHIFT")) + done;
            byte[] frame = kernelAddress > 0xFFFF_FFFFL ? null : k.kernelFrame((int) kernelAddress);
            if (frame == null) return EINVAL; // not RAM the host kernel has
            frames[(int) ((at + done - start) / page)] = frame;
        }
        int flags = read32(vma, type, "vm_flags");
        for (String flag : List.of("VM_IO", "VM_PFNMAP", "VM_DONTEXPAND", "VM_DONTDUMP")) flags |= (int) k.abi().constant(flag);
        write32(vma, type, "vm_flags", flags);
        return 0;
    }

    // ---- structure access ----

    int read32(int struct, KernelStruct type, String field) { return memory().read32(struct + type.offset(field)); }

    void write32(int struct, KernelStruct type, String field, int value) {
        memory().write32(struct + type.offset(field), value);
    }

    /** A kernel C string (at most 256 bytes: names and node names). */
    String string(int address) { return KernelStrings.read(memory(), address, 256); }
}
