package ukcf.kernel.chardev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import ukcf.kernel.HostKernel;
import ukcf.kernel.KernelModules;
import ukcf.kernel.abi.KernelStruct;

/**
 * Device numbers, misc minors, nodes and the VFS's own answers for operations a driver did not supply, with ops
 * structures written into kernel memory as a driver's would be (no driver code runs here: the drivers' side is
 * CharDevicesUnderUkcfTest in test-drivers).
 */
class CharDevicesTest {
    private final KernelModules k = new HostKernel().modules();
    private final CharDevices devices = k.charDevices();

    private int string(String text) { return ukcf.kernel.memory.KernelStrings.copy(k.heap(), k.kernelMemory(), text); }

    /** A file_operations with no functions at all (owner NULL: the host's own). */
    private int emptyFops() { return k.heap().allocate(k.abi().struct("file_operations").size()); }

    private int misc(int minor, String name, int fops) {
        KernelStruct type = k.abi().struct("miscdevice");
        int misc = k.heap().allocate(type.size());
        devices.write32(misc, type, "minor", minor);
        devices.write32(misc, type, "name", string(name));
        devices.write32(misc, type, "fops", fops);
        return misc;
    }

    @Test
    void dynamicMajorsComeFrom254DownAndRegionsMustNotOverlap() {
        assertEquals(254, devices.registerRegion(0, 0, 1, "first"));
        assertEquals(253, devices.registerRegion(0, 0, 4, "second"));
        assertEquals(-16, devices.registerRegion(254, 0, 1, "clash"), "EBUSY for taken numbers");
        assertEquals(254, devices.registerRegion(254, 1, 1, "beside"), "other minors of a major are free");
        assertEquals(-22, devices.registerRegion(600, 0, 1, "too big"), "EINVAL past CHRDEV_MAJOR_MAX");
        devices.unregisterRegion(devices.makeDev(254, 0), 1);
        assertEquals(254, devices.registerRegion(254, 0, 1, "again"));
    }

    @Test
    void miscMinorsAreHandedOutFrom127DownAndNodesFollowRegistration() {
        int fops = emptyFops();
        int first = misc(255, "first", fops), second = misc(255, "second", fops), fixed = misc(200, "fixed", fops);
        assertEquals(0, devices.registerMisc(first));
        assertEquals(0, devices.registerMisc(second));
        assertEquals(0, devices.registerMisc(fixed));
        assertEquals(127, devices.read32(first, k.abi().struct("miscdevice"), "minor"));
        assertEquals(126, devices.read32(second, k.abi().struct("miscdevice"), "minor"));
        assertTrue(devices.read32(first, k.abi().struct("miscdevice"), "this_device") != 0, "this_device is made");
        DeviceNode node = devices.node("second").orElseThrow();
        assertEquals(10, node.major());
        assertEquals(126, node.minor());
        assertEquals(0600, node.mode(), "mode 0 means devtmpfs's 0600");
        assertEquals((10 << 8) | 126, node.userDev());
        assertEquals(-16, devices.registerMisc(misc(200, "other", fops)), "a taken fixed minor is EBUSY");
        assertEquals(-17, devices.registerMisc(misc(255, "first", fops)), "a taken node name is EEXIST");

        devices.deregisterMisc(first);
        assertFalse(devices.node("first").isPresent());
        int third = misc(255, "third", fops);
        assertEquals(0, devices.registerMisc(third));
        assertEquals(127, devices.read32(third, k.abi().struct("miscdevice"), "minor"), "a freed minor is reused");
    }

    @Test
    void theVfsAnswersForOperationsTheDriverLeftOut() {
        assertEquals(0, devices.registerMisc(misc(255, "bare", emptyFops())));
        DeviceNode node = devices.node("bare").orElseThrow();
        OpenDevice file = devices.open(null, node, 2 /* O_RDWR */);
        assertEquals(22, assertThrows(DeviceError.class, () -> file.read(null, 0x1000, 4, false, 0)).errno(), "no read: EINVAL");
        assertEquals(22, assertThrows(DeviceError.class, () -> file.write(null, 0x1000, 4, false, 0)).errno(), "no write: EINVAL");
        assertEquals(29, assertThrows(DeviceError.class, () -> file.seek(null, 0, 0)).errno(), "no llseek: ESPIPE");
        assertEquals(22, assertThrows(DeviceError.class, () -> file.seek(null, 0, 7)).errno(), "whence past SEEK_MAX");
        assertEquals(25, assertThrows(DeviceError.class, () -> file.ioctl(null, 1, 0)).errno(), "no ioctl: ENOTTY");
        assertEquals(19, assertThrows(DeviceError.class, () -> file.mmap(null, 0x10000, 4096, 1, true, 0)).errno(), "no mmap: ENODEV");
        assertEquals(0x145, file.poll(null, 0xFFFF), "no poll: DEFAULT_POLLMASK");
        assertEquals(0x1, file.poll(null, 0x1), "only what was asked for");
        int allocations = k.heap().count();
        file.release(null);
        assertEquals(allocations - 1, k.heap().count(), "release frees the struct file");

        OpenDevice readOnly = devices.open(null, node, 0 /* O_RDONLY */);
        assertEquals(9, assertThrows(DeviceError.class, () -> readOnly.write(null, 0x1000, 4, false, 0)).errno(), "EBADF");
        readOnly.release(null);
    }

    @Test
    void registerChrdevServesAllItsMinorsThroughOneCdev() {
        int fops = emptyFops();
        int major = devices.registerChrdev(0, 0, 256, "legacy", fops);
        assertEquals(254, major, "major 0 asks for a dynamic one, which register_chrdev returns");
        assertEquals(0, devices.registerChrdev(240, 0, 256, "fixed", fops), "a fixed major answers 0");
        int owningClass = devices.createClass(0, string("legacy"));
        devices.createDevice(owningClass, 0, devices.makeDev(major, 7), 0, "legacy7");
        OpenDevice file = devices.open(null, devices.node("legacy7").orElseThrow(), 0);
        file.release(null);
        devices.unregisterChrdev(major, 0, 256);
        assertEquals(6, assertThrows(DeviceError.class, () -> devices.open(null, devices.node("legacy7").orElseThrow(), 0))
                .errno(), "after unregister_chrdev the number has no driver");
        assertEquals(254, devices.registerRegion(0, 0, 1, "reused"), "and the major is free again");
    }

    @Test
    void aNodeWithoutADriverIsEnxioAndClassesTakeTheirDevicesAlong() {
        int owningClass = devices.createClass(0, string("test"));
        int dev = devices.makeDev(devices.registerRegion(0, 0, 1, "nodriver"), 0);
        int device = devices.createDevice(owningClass, 0, dev, 0, "dri/card0");
        assertTrue(device > 0 || device < -4095, "a struct device, not an error");
        DeviceNode node = devices.node("dri/card0").orElseThrow();
        assertEquals(6, assertThrows(DeviceError.class, () -> devices.open(null, node, 0)).errno());
        assertEquals(-17, devices.createDevice(owningClass, 0, dev, 0, "dri/card0"));
        devices.destroyClass(owningClass);
        assertFalse(devices.node("dri/card0").isPresent());
    }
}
