package ukcf.kernel.bus;

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
 * The platform bus (drivers/base/platform.c, dd.c, devres.c): platform devices and drivers, matched by id table or
 * by name as platform_match does; a match binds them through the driver's probe, run through a shell, and unbinding
 * runs remove and frees what the driver got from devm_kmalloc for that device. Also the devices' names, as
 * dev_name and dev_driver_string give them to dev_printk.
 */
public final class PlatformBus {
    private static final int ENOMEM = -12, ENODEV = -19, ENXIO = -6;

    private final KernelModules k;
    private final int busType;
    /** Devices on the bus. */
    private final java.util.Set<Integer> devices = new java.util.LinkedHashSet<>();
    /** Devices the bus allocated (platform_device_alloc, platform_device_register_full): freed when they go. */
    private final java.util.Set<Integer> allocated = new java.util.HashSet<>();
    private final List<Integer> drivers = new ArrayList<>();
    /** Bound device -> its driver. */
    private final Map<Integer, Integer> bound = new LinkedHashMap<>();
    /** devm allocations by struct device. */
    private final Map<Integer, List<Integer>> managed = new LinkedHashMap<>();
    private int nextAutoId;

    public PlatformBus(KernelModules k) {
        this.k = k;
        busType = k.heap().allocate(struct("bus_type").size());
        memory().write32(busType + struct("bus_type").offset("name"), string("platform"));
    }

    private Memory memory() { return k.kernelMemory(); }

    private KernelStruct struct(String name) { return k.abi().struct(name); }

    private int field(int address, String type, String field) { return memory().read32(address + struct(type).offset(field)); }

    private void setField(int address, String type, String field, int value) {
        memory().write32(address + struct(type).offset(field), value);
    }

    private String cString(int address, int limit) { return KernelStrings.read(memory(), address, limit); }

    private int string(String text) { return KernelStrings.copy(k.heap(), memory(), text); }

    private int deviceOf(int pdev) { return pdev + struct("platform_device").offset("dev"); }

    private int driverOf(int pdrv) { return pdrv + struct("platform_driver").offset("driver"); }

    // ---- drivers ----

    /** __platform_driver_register: the driver joins the bus and probes every unbound device it matches. */
    public synchronized int registerDriver(int pdrv, int owner) {
        if (drivers.contains(pdrv)) return -16;
        int driver = driverOf(pdrv);
        setField(driver, "device_driver", "owner", owner);
        setField(driver, "device_driver", "bus", busType);
        drivers.add(pdrv);
        for (int pdev : List.copyOf(devices)) if (!bound.containsKey(pdev)) attach(pdev, pdrv);
        return 0;
    }

    /** platform_driver_unregister: every device it drives is removed first. */
    public synchronized void unregisterDriver(int pdrv) {
        if (!drivers.remove((Integer) pdrv)) return;
        bound.entrySet().stream().filter(e -> e.getValue() == pdrv).map(Map.Entry::getKey).toList().forEach(this::detach);
    }

    // ---- devices ----

    /** platform_device_register_full: a device made from a platform_device_info, added to the bus. */
    public synchronized int registerFull(int info) {
        int pdev = allocate(cString(field(info, "platform_device_info", "name"), 64), field(info, "platform_device_info", "id"));
        if (pdev == 0) return ENOMEM;
        int device = deviceOf(pdev);
        setField(device, "device", "parent", field(info, "platform_device_info", "parent"));
        int size = field(info, "platform_device_info", "size_data"), data = field(info, "platform_device_info", "data");
        if (data != 0 && size > 0) { // platform_device_add_data: the device keeps its own copy
            int copy = k.heap().allocate(size);
            if (copy == 0) {
                put(pdev);
                return ENOMEM;
            }
            byte[] bytes = new byte[size];
            memory().read(data, bytes, 0, size);
            memory().write(copy, bytes, 0, size);
            setField(device, "device", "platform_data", copy);
        }
        int result = add(pdev);
        return result != 0 ? result : pdev;
    }

    /** platform_device_alloc. */
    public synchronized int allocate(String name, int id) {
        int pdev = k.heap().allocate(struct("platform_device").size());
        if (pdev == 0) return 0;
        setField(pdev, "platform_device", "name", string(name));
        setField(pdev, "platform_device", "id", id);
        allocated.add(pdev);
        return pdev;
    }

    /** platform_device_add: named as Linux names it ("name", "name.id" or "name.N.auto"), matched with the drivers. */
    public synchronized int add(int pdev) {
        String name = cString(field(pdev, "platform_device", "name"), 64);
        int id = field(pdev, "platform_device", "id");
        String deviceName;
        if (id == (int) k.abi().constant("PLATFORM_DEVID_NONE")) {
            deviceName = name;
        } else if (id == (int) k.abi().constant("PLATFORM_DEVID_AUTO")) {
            id = nextAutoId++;
            setField(pdev, "platform_device", "id", id);
            memory().write8(pdev + struct("platform_device").offset("id_auto"), 1);
            deviceName = name + "." + id + ".auto";
        } else {
            deviceName = name + "." + id;
        }
        int device = deviceOf(pdev);
        setField(device + struct("device").offset("kobj"), "kobject", "name", string(deviceName));
        setField(device, "device", "bus", busType);
        devices.add(pdev);
        for (int pdrv : List.copyOf(drivers)) if (!bound.containsKey(pdev) && attach(pdev, pdrv)) break;
        return 0;
    }

    /** platform_device_unregister: unbound (remove runs), taken off the bus, freed when the bus allocated it. */
    public synchronized void unregister(int pdev) {
        if (!devices.remove(pdev)) return;
        if (bound.containsKey(pdev)) detach(pdev);
        int device = deviceOf(pdev);
        k.heap().free(field(device + struct("device").offset("kobj"), "kobject", "name"));
        put(pdev);
    }

    /** platform_device_put: a device the bus allocated and that is off the bus is freed. */
    public synchronized void put(int pdev) {
        if (!devices.contains(pdev) && allocated.remove(pdev)) {
            int device = deviceOf(pdev);
            k.heap().free(field(device, "device", "platform_data"));
            k.heap().free(field(pdev, "platform_device", "name"));
            k.heap().free(pdev);
        }
    }

    // ---- binding ----

    /** platform_match: the driver's id table by name, else the driver's name; then really_probe. */
    private boolean attach(int pdev, int pdrv) {
        String name = cString(field(pdev, "platform_device", "name"), 64);
        int idTable = field(pdrv, "platform_driver", "id_table"), entry = matchIdTable(idTable, name);
        boolean matches = entry != 0 || idTable == 0 && name.equals(cString(field(driverOf(pdrv), "device_driver", "name"), 64));
        if (!matches) return false;
        if (entry != 0) setField(pdev, "platform_device", "id_entry", entry);
        int device = deviceOf(pdev);
        setField(device, "device", "driver", driverOf(pdrv));
        int probe = field(pdrv, "platform_driver", "probe");
        int result = probe == 0 ? 0 : new EntryPoint(moduleName(pdrv), "platform_driver.probe", probe, k.caller(), k.tracer()).call(pdev);
        if (result != 0) {
            setField(device, "device", "driver", 0);
            setField(device, "device", "driver_data", 0);
            releaseManaged(device);
            if (result != ENODEV && result != ENXIO) { // dd.c call_driver_probe's dev_err
                String driverName = cString(field(driverOf(pdrv), "device_driver", "name"), 64);
                k.kernelLog("\0013" + driverName + " " + deviceName(device) + ": probe with driver " + driverName
                        + " failed with error " + result);
            }
            return false;
        }
        bound.put(pdev, pdrv);
        return true;
    }

    private int matchIdTable(int table, String name) {
        if (table == 0) return 0;
        int size = struct("platform_device_id").size(), nameOffset = struct("platform_device_id").offset("name");
        for (int entry = table; ; entry += size) {
            String entryName = cString(entry + nameOffset, 20);
            if (entryName.isEmpty()) return 0;
            if (entryName.equals(name)) return entry;
        }
    }

    /** device_release_driver: remove (or remove_new), then the device's devm allocations go. */
    private void detach(int pdev) {
        int pdrv = bound.remove(pdev);
        int device = deviceOf(pdev);
        int remove = field(pdrv, "platform_driver", "remove"), removeNew = field(pdrv, "platform_driver", "remove_new");
        try {
            if (remove != 0) {
                new EntryPoint(moduleName(pdrv), "platform_driver.remove", remove, k.caller(), k.tracer()).call(pdev);
            } else if (removeNew != 0) {
                new EntryPoint(moduleName(pdrv), "platform_driver.remove_new", removeNew, k.caller(), k.tracer())
                        .returningVoid().call(pdev);
            }
        } finally {
            setField(device, "device", "driver", 0);
            setField(device, "device", "driver_data", 0);
            releaseManaged(device);
        }
    }

    private String moduleName(int pdrv) {
        int owner = field(driverOf(pdrv), "device_driver", "owner");
        return k.registry().byThisModule(owner).map(LoadedModule::name).orElse("kernel");
    }

    // ---- managed memory and names ----

    /** devm_kmalloc: zeroed kernel memory that goes when {@code device} unbinds. */
    public synchronized int managedAllocate(int device, int size) {
        int address = k.heap().allocate(Integer.toUnsignedLong(size));
        if (address != 0) managed.computeIfAbsent(device, d -> new ArrayList<>()).add(address);
        return address;
    }

    /** devm_kfree. */
    public synchronized void managedFree(int device, int address) {
        List<Integer> list = managed.get(device);
        if (list != null && list.remove((Integer) address)) k.heap().free(address);
    }

    private void releaseManaged(int device) {
        List<Integer> list = managed.remove(device);
        if (list != null) list.forEach(k.heap()::free);
    }

    /** dev_name: init_name while it is set, else the kobject's name. */
    public String deviceName(int device) {
        int init = field(device, "device", "init_name");
        return cString(init != 0 ? init : field(device + struct("device").offset("kobj"), "kobject", "name"), 64);
    }

    /** dev_driver_string: the bound driver's name, else the bus's, else the class's. */
    public String driverString(int device) {
        int driver = field(device, "device", "driver");
        if (driver != 0) return cString(field(driver, "device_driver", "name"), 64);
        int bus = field(device, "device", "bus");
        if (bus != 0) return cString(field(bus, "bus_type", "name"), 64);
        int owningClass = field(device, "device", "class");
        return owningClass != 0 ? cString(field(owningClass, "class", "name"), 64) : "";
    }

    /**
     * A module is going without having unregistered everything: its drivers and the devices it holds leave the
     * bus unbound, without calling its code again (its exit has run), and their managed memory goes.
     */
    public synchronized void dropModule(LoadedModule module) {
        for (var e : List.copyOf(bound.entrySet())) {
            if (module.contains(e.getValue()) || module.contains(e.getKey())) {
                bound.remove(e.getKey());
                releaseManaged(deviceOf(e.getKey()));
            }
        }
        drivers.removeIf(module::contains);
        devices.removeIf(module::contains);
    }
}
