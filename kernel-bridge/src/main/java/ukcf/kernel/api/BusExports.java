package ukcf.kernel.api;

import java.nio.charset.StandardCharsets;

import ukcf.kernel.bus.PlatformBus;

/**
 * The platform bus and device printing (drivers/base/platform.c, devres.c, core.c)
 * and the PCI bus (drivers/pci/pci-driver.c, access.c: drivers matched with the functions of the modeled machine).
 */
final class BusExports {
    private BusExports() { }

    private static final int ENOMEM = -12;

    private static PlatformBus bus(KernelCall c) { return c.kernel().modules().platformBus(); }

    @KernelExport(name = "__platform_driver_register", gpl = true)
    static int platformDriverRegister(KernelCall c, int driver, int owner) { return bus(c).registerDriver(driver, owner); }

    @KernelExport(name = "platform_driver_unregister", gpl = true)
    static void platformDriverUnregister(KernelCall c, int driver) { bus(c).unregisterDriver(driver); }

    /** platform_device_register_full: the new device, or ERR_PTR. */
    @KernelExport(name = "platform_device_register_full", gpl = true)
    static int platformDeviceRegisterFull(KernelCall c, int info) { return bus(c).registerFull(info); }

    @KernelExport(name = "platform_device_alloc", gpl = true)
    static int platformDeviceAlloc(KernelCall c, int name, int id) {
        return bus(c).allocate(new String(GuestBytes.string(c.memory(), name, 64), StandardCharsets.ISO_8859_1), id);
    }

    @KernelExport(name = "platform_device_add", gpl = true)
    static int platformDeviceAdd(KernelCall c, int device) { return bus(c).add(device); }

    /** platform_device_register: a device the driver holds itself (static). */
    @KernelExport(name = "platform_device_register", gpl = true)
    static int platformDeviceRegister(KernelCall c, int device) { return bus(c).add(device); }

    @KernelExport(name = "platform_device_unregister", gpl = true)
    static void platformDeviceUnregister(KernelCall c, int device) { bus(c).unregister(device); }

    @KernelExport(name = "platform_device_put", gpl = true)
    static void platformDevicePut(KernelCall c, int device) { bus(c).put(device); }

    @KernelExport(name = "devm_kmalloc", gpl = true)
    static int devmKmalloc(KernelCall c, int device, int size, int flags) {
        return bus(c).managedAllocate(device, size);
    }

    @KernelExport(name = "devm_kfree", gpl = true)
    static void devmKfree(KernelCall c, int device, int address) { bus(c).managedFree(device, address); }

    // ---- dev_printk: "<driver> <device>: message" at the function's level ----

    @KernelExport(name = "_dev_emerg", convention = KernelExport.Convention.VARARGS)
    static void devEmerg(KernelCall c, int device, int format) { devPrintk(c, 0, device, format); }

    @KernelExport(name = "_dev_alert", convention = KernelExport.Convention.VARARGS)
    static void devAlert(KernelCall c, int device, int format) { devPrintk(c, 1, device, format); }

    @KernelExport(name = "_dev_crit", convention = KernelExport.Convention.VARARGS)
    static void devCrit(KernelCall c, int device, int format) { devPrintk(c, 2, device, format); }

    @KernelExport(name = "_dev_err", convention = KernelExport.Convention.VARARGS)
    static void devErr(KernelCall c, int device, int format) { devPrintk(c, 3, device, format); }

    @KernelExport(name = "_dev_warn", convention = KernelExport.Convention.VARARGS)
    static void devWarn(KernelCall c, int device, int format) { devPrintk(c, 4, device, format); }

    @KernelExport(name = "_dev_notice", convention = KernelExport.Convention.VARARGS)
    static void devNotice(KernelCall c, int device, int format) { devPrintk(c, 5, device, format); }

    @KernelExport(name = "_dev_info", convention = KernelExport.Convention.VARARGS)
    static void devInfo(KernelCall c, int device, int format) { devPrintk(c, 6, device, format); }

    private static void devPrintk(KernelCall c, int level, int device, int format) {
        byte[] text = c.kernel().format(c.memory()).format(format, c.varargsAfter(2));
        String prefix = device == 0 ? "(NULL device *): "
                : bus(c).driverString(device) + " " + bus(c).deviceName(device) + ": ";
        byte[] head = ("\001" + level + prefix).getBytes(StandardCharsets.ISO_8859_1);
        byte[] line = new byte[head.length + text.length];
        System.arraycopy(head, 0, line, 0, head.length);
        System.arraycopy(text, 0, line, head.length, text.length);
        c.kernel().log().printk(line);
    }

    // ---- PCI ----

    private static ukcf.kernel.bus.PciBus pci(KernelCall c) { return c.kernel().modules().pciBus(); }

    @KernelExport(name = "__pci_register_driver")
    static int pciRegisterDriver(KernelCall c, int driver, int owner, int moduleName) {
        return pci(c).registerDriver(driver, owner);
    }

    @KernelExport(name = "pci_unregister_driver")
    static void pciUnregisterDriver(KernelCall c, int driver) { pci(c).unregisterDriver(driver); }

    @KernelExport(name = "pci_enable_device")
    static int pciEnableDevice(KernelCall c, int device) { return pci(c).enable(device, 1); }

    @KernelExport(name = "pci_disable_device")
    static void pciDisableDevice(KernelCall c, int device) { pci(c).enable(device, -1); }

    @KernelExport(name = "pci_read_config_byte")
    static int pciReadConfigByte(KernelCall c, int device, int where, int value) { return readConfig(c, device, where, value, 1); }

    @KernelExport(name = "pci_read_config_word")
    static int pciReadConfigWord(KernelCall c, int device, int where, int value) { return readConfig(c, device, where, value, 2); }

    @KernelExport(name = "pci_read_config_dword")
    static int pciReadConfigDword(KernelCall c, int device, int where, int value) { return readConfig(c, device, where, value, 4); }

    /** drivers/pci/access.c: the value stored at {@code value}; all ones and PCIBIOS_BAD_REGISTER_NUMBER on error. */
    private static int readConfig(KernelCall c, int device, int where, int value, int size) {
        long read = pci(c).readConfig(device, where, size);
        long stored = read < 0 ? -1 : read;
        if (size == 1) c.memory().write8(value, (int) stored);
        else if (size == 2) c.memory().write16(value, (int) stored);
        else c.memory().write32(value, (int) stored);
        return read < 0 ? PCIBIOS_BAD_REGISTER_NUMBER : 0;
    }

    private static final int PCIBIOS_BAD_REGISTER_NUMBER = 0x87;
}
