package ukcf.kernel.bus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ukcf.cpu.memory.Memory;
import ukcf.kernel.KernelModules;
import ukcf.kernel.abi.KernelStruct;
import ukcf.kernel.memory.KernelStrings;
import ukcf.kernel.module.LoadedModule;
import ukcf.shells.EntryPoint;

/**
 * The PCI bus (drivers/pci/pci-driver.c, access.c): the functions the modeled host has (none unless a machine
 * description gives them: {@link #machine}), each a struct pci_dev in kernel memory with its configuration header;
 * PCI drivers matched by id table as pci_match_one_device does, probe and remove through shells.
 */
public final class PciBus {
    private static final int CONFIG_SIZE = 256;

    /** One PCI function of the modeled machine: its address, identity and configuration header fields. */
    public record Function(int bus, int slot, int function, int vendor, int device, int classCode, int revision,
                           int subsystemVendor, int subsystemDevice, int headerType, int interruptPin, int irq,
                           int command) {
        int devfn() { return slot << 3 | function; }

        /** pci_name: domain:bus:slot.function. */
        public String name() { return String.format("0000:%02x:%02x.%x", bus, slot, function); }

        /** The type 0 configuration header (PCI 3.0 section 6.1) with the fields the description gives. */
        byte[] config() {
            byte[] c = new byte[CONFIG_SIZE];
            put(c, 0x00, vendor, 2);
            put(c, 0x02, device, 2);
            put(c, 0x04, command, 2);
            put(c, 0x08, revision, 1);
            put(c, 0x09, classCode, 3);
            put(c, 0x0e, headerType, 1);
            put(c, 0x2c, subsystemVendor, 2);
            put(c, 0x2e, subsystemDevice, 2);
            put(c, 0x3c, irq, 1);
            put(c, 0x3d, interruptPin, 1);
            return c;
        }

        private static void put(byte[] c, int at, int value, int size) {
            for (int i = 0; i < size; i++) c[at + i] = (byte) (value >>> (8 * i));
        }
    }

    /**
     * A machine's PCI functions from {@code ukcf/kernel/bus/NAME.tsv} ("qemu-pc": QEMU's i386 pc machine as Debian's
     * 686 kernel sees it).
     */
    public static List<Function> machine(String name) {
        try (InputStream in = PciBus.class.getResourceAsStream("/ukcf/kernel/bus/" + name + ".tsv")) {
            if (in == null || !name.matches("[a-z0-9-]+")) throw new IllegalArgumentException("no PCI machine " + name + " (known: qemu-pc)");
            List<Function> functions = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                String[] slot = f[0].split("[:.]");
                functions.add(new Function(hex(slot[0]), hex(slot[1]), hex(slot[2]), hex(f[1]), hex(f[2]), hex(f[3]),
                        hex(f[4]), hex(f[5]), hex(f[6]), hex(f[7]), Integer.parseInt(f[8]), Integer.parseInt(f[9]), hex(f[10])));
            }
            return functions;
        } catch (IOException e) {
            throw new IllegalStateException("reading the PCI machine " + name, e);
        }
    }

    private static int hex(String text) { return Integer.parseInt(text, 16); }

    private final KernelModules k;
    private final int busType, rootBus;
    private final Map<Integer, Function> devices = new LinkedHashMap<>();
    private final Map<Integer, byte[]> configs = new LinkedHashMap<>();
    private final List<Integer> drivers = new ArrayList<>();
    private final Map<Integer, Integer> bound = new LinkedHashMap<>();

    public PciBus(KernelModules k) {
        this.k = k;
        busType = k.heap().allocate(struct("bus_type").size());
        memory().write32(busType + struct("bus_type").offset("name"), KernelStrings.copy(k.heap(), memory(), "pci"));
        rootBus = k.heap().allocate(struct("pci_bus").size());
    }

    private Memory memory() { return k.kernelMemory(); }

    private KernelStruct struct(String name) { return k.abi().struct(name); }

    private int offset(String type, String field) { return struct(type).offset(field); }

    /** The machine's functions join the bus, each a zeroed struct pci_dev filled as the PCI core's scan fills it. */
    public synchronized void addFunctions(List<Function> functions) {
        for (Function f : functions) {
            int pdev = k.heap().allocate(struct("pci_dev").size());
            if (pdev == 0) throw new IllegalStateException("no kernel memory for the PCI function " + f.name());
            memory().write32(pdev + offset("pci_dev", "bus"), rootBus);
            memory().write32(pdev + offset("pci_dev", "devfn"), f.devfn());
            memory().write16(pdev + offset("pci_dev", "vendor"), f.vendor());
            memory().write16(pdev + offset("pci_dev", "device"), f.device());
            memory().write16(pdev + offset("pci_dev", "subsystem_vendor"), f.subsystemVendor());
            memory().write16(pdev + offset("pci_dev", "subsystem_device"), f.subsystemDevice());
            memory().write32(pdev + offset("pci_dev", "class"), f.classCode());
            memory().write8(pdev + offset("pci_dev", "revision"), f.revision());
            memory().write8(pdev + offset("pci_dev", "hdr_type"), f.headerType() & 0x7f);
            memory().write8(pdev + offset("pci_dev", "pin"), f.interruptPin());
            memory().write32(pdev + offset("pci_dev", "irq"), f.irq());
            int device = pdev + offset("pci_dev", "dev");
            memory().write32(device + offset("device", "kobj") + offset("kobject", "name"), KernelStrings.copy(k.heap(), memory(), f.name()));
            memory().write32(device + offset("device", "bus"), busType);
            devices.put(pdev, f);
            configs.put(pdev, f.config());
        }
    }

    /** __pci_register_driver: the driver's device_driver named after it; every unbound function it matches probed. */
    public synchronized int registerDriver(int pdrv, int owner) {
        if (drivers.contains(pdrv)) return -16;
        int driver = pdrv + offset("pci_driver", "driver");
        memory().write32(driver + offset("device_driver", "name"), memory().read32(pdrv + offset("pci_driver", "name")));
        memory().write32(driver + offset("device_driver", "owner"), owner);
        memory().write32(driver + offset("device_driver", "bus"), busType);
        drivers.add(pdrv);
        for (int pdev : List.copyOf(devices.keySet())) if (!bound.containsKey(pdev)) attach(pdev, pdrv);
        return 0;
    }

    /** pci_unregister_driver: its functions are removed first. */
    public synchronized void unregisterDriver(int pdrv) {
        if (!drivers.remove((Integer) pdrv)) return;
        for (var e : List.copyOf(bound.entrySet())) if (e.getValue() == pdrv) detach(e.getKey());
    }

    /** pci_match_id over the driver's table (ends at an entry with vendor, subvendor and class_mask all 0). */
    private int match(int table, Function f) {
        if (table == 0) return 0;
        KernelStruct id = struct("pci_device_id");
        for (int entry = table; ; entry += id.size()) {
            int vendor = memory().read32(entry + id.offset("vendor")), device = memory().read32(entry + id.offset("device"));
            int subvendor = memory().read32(entry + id.offset("subvendor")), subdevice = memory().read32(entry + id.offset("subdevice"));
            int classCode = memory().read32(entry + id.offset("class")), classMask = memory().read32(entry + id.offset("class_mask"));
            if (vendor == 0 && subvendor == 0 && classMask == 0) return 0;
            int any = (int) k.abi().constant("PCI_ANY_ID");
            if ((vendor == any || vendor == f.vendor()) && (device == any || device == f.device())
                    && (subvendor == any || subvendor == f.subsystemVendor())
                    && (subdevice == any || subdevice == f.subsystemDevice())
                    && ((classCode ^ f.classCode()) & classMask) == 0) {
                return entry;
            }
        }
    }

    private boolean attach(int pdev, int pdrv) {
        int id = match(memory().read32(pdrv + offset("pci_driver", "id_table")), devices.get(pdev));
        if (id == 0) return false;
        int device = pdev + offset("pci_dev", "dev"), driver = pdrv + offset("pci_driver", "driver");
        memory().write32(device + offset("device", "driver"), driver);
        int probe = memory().read32(pdrv + offset("pci_driver", "probe"));
        int result = probe == 0 ? 0 : new EntryPoint(moduleName(driver), "pci_driver.probe", probe, k.caller(), k.tracer())
                .call(pdev, id);
        if (result < 0) {
            memory().write32(device + offset("device", "driver"), 0);
            memory().write32(device + offset("device", "driver_data"), 0);
            String driverName = KernelStrings.read(memory(), memory().read32(driver + offset("device_driver", "name")), 64);
            k.kernelLog("\0013" + driverName + " " + devices.get(pdev).name() + ": probe with driver " + driverName
                    + " failed with error " + result);
            return false;
        }
        bound.put(pdev, pdrv);
        return true;
    }

    private void detach(int pdev) {
        int pdrv = bound.remove(pdev);
        int device = pdev + offset("pci_dev", "dev");
        int remove = memory().read32(pdrv + offset("pci_driver", "remove"));
        try {
            if (remove != 0) {
                new EntryPoint(moduleName(pdrv + offset("pci_driver", "driver")), "pci_driver.remove", remove, k.caller(),
                        k.tracer()).returningVoid().call(pdev);
            }
        } finally {
            memory().write32(device + offset("device", "driver"), 0);
            memory().write32(device + offset("device", "driver_data"), 0);
        }
    }

    private String moduleName(int driver) {
        int owner = memory().read32(driver + offset("device_driver", "owner"));
        return k.registry().byThisModule(owner).map(LoadedModule::name).orElse("kernel");
    }


    /** pci_read_config_{byte,word,dword}: the value, or -1 for an unaligned or outside offset (or no function). */
    public synchronized long readConfig(int pdev, int where, int size) {
        byte[] config = configs.get(pdev);
        if (config == null || where < 0 || where + size > CONFIG_SIZE || where % size != 0) return -1;
        long value = 0;
        for (int i = 0; i < size; i++) value |= (long) (config[where + i] & 0xFF) << (8 * i);
        return value;
    }

    /** pci_enable_device / pci_disable_device: the enable count (decoding is already on in the modeled header). */
    public synchronized int enable(int pdev, int change) {
        if (!devices.containsKey(pdev)) return -19;
        int count = pdev + offset("pci_dev", "enable_cnt");
        memory().write32(count, Math.max(0, memory().read32(count) + change));
        return 0;
    }

    /** A module is going without having unregistered: its drivers leave, their functions unbound (no code runs). */
    public synchronized void dropModule(LoadedModule module) {
        for (var e : List.copyOf(bound.entrySet())) {
            if (module.contains(e.getValue())) {
                bound.remove(e.getKey());
                memory().write32(e.getKey() + offset("pci_dev", "dev") + offset("device", "driver"), 0);
            }
        }
        drivers.removeIf(module::contains);
    }
}
