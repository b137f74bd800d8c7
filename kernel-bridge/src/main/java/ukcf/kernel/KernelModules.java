package ukcf.kernel;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import ukcf.cpu.memory.AddressSpace;
import ukcf.cpu.memory.Memory;
import ukcf.cpu.memory.PagedMemory;
import ukcf.cpu.memory.Privilege;
import ukcf.cpu.memory.Protection;
import ukcf.kernel.abi.KernelAbi;
import ukcf.kernel.api.KernelApi;
import ukcf.kernel.api.KernelExports;
import ukcf.kernel.exec.DriverCallFailure;
import ukcf.kernel.exec.DriverExecutor;
import ukcf.kernel.exec.ProcessContextMemory;
import ukcf.kernel.log.SymbolNamer;
import ukcf.kernel.memory.KernelAddressSpace;
import ukcf.kernel.memory.KernelHeap;
import ukcf.kernel.memory.KernelRegion;
import ukcf.kernel.module.HostKernelExports;
import ukcf.kernel.module.KernelApiSymbols;
import ukcf.kernel.module.KernelSymbols;
import ukcf.kernel.module.LoadedModule;
import ukcf.kernel.module.ModuleLifecycle;
import ukcf.kernel.module.ModuleLoader;
import ukcf.kernel.module.ModuleRegistry;
import ukcf.kernel.module.ParameterType;
import ukcf.shells.DriverCaller;

/**
 * The module side of the host kernel: the kernel half of the address space, the kernel API's export table and
 * exported data, the kernel heap, the loaded modules and their loader, and the executor that runs their code. Driver
 * code runs one call at a time (the lock of this object) on one kernel stack, on behalf of the process whose user
 * half is current: module init and exit in the process that asked for the load or unload, shells in the process
 * whose system call reached them.
 */
public final class KernelModules {
    /** Guest instructions one driver call may run before it counts as locked up. */
    private static final long CALL_BUDGET = 2_000_000_000L;
    /** Room in the host-symbol range for the API table (functions and stubs of unimplemented imports). */
    private static final int API_RANGE = 0x10_0000;
    /** Modules whose exports the API implements natively: a depends= on them needs no load. */
    private static final Set<String> BUILTIN_MODULES = Set.of("libdes");

    private final HostKernel kernel;
    private final KernelAbi abi = KernelAbi.debian686();
    private final AddressSpace space = new AddressSpace();
    private final PagedMemory kernelView = space.newView(Privilege.SUPERVISOR);
    private final KernelAddressSpace kernelSpace = new KernelAddressSpace(space, new ukcf.monitor.AddressOwnershipMap());
    private final KernelExports api;
    private final HostKernelExports data = new HostKernelExports(kernelSpace);
    private final KernelHeap heap = new KernelHeap(kernelSpace);
    private final ModuleRegistry registry = new ModuleRegistry();
    private final KernelSymbols symbols;
    private final ModuleLoader loader;
    private final DriverExecutor executor;
    private final int stackTop;
    /** The user half outside any process: nothing mapped. */
    private final Memory noUser = new AddressSpace().newView(Privilege.SUPERVISOR);
    private volatile long[] moduleRanges = new long[0];
    private final ModuleKallsyms kallsyms = new ModuleKallsyms();
    private final ukcf.kernel.chardev.CharDevices charDevices;
    private final ukcf.kernel.bus.PlatformBus platformBus;
    private final ukcf.kernel.bus.PciBus pciBus;
    private final long bootNanos = System.nanoTime();
    private int jiffies;
    private Memory userHalf;

    KernelModules(HostKernel kernel) {
        this.kernel = kernel;
        int apiBase = kernelSpace.reserveHostSymbolRange(API_RANGE);
        api = KernelApi.exports(apiBase, apiBase + API_RANGE);
        int sentinel = kernelSpace.reserveHostSymbolAddress();
        exportData();
        int threadSize = (int) abi.constant("THREAD_SIZE");
        stackTop = kernelSpace.allocate(KernelRegion.KERNEL_HEAP, threadSize, Protection.KERNEL_READ_WRITE) + threadSize;
        symbols = KernelSymbols.firstOf(data, new KernelApiSymbols(api, BUILTIN_MODULES));
        loader = new ModuleLoader(abi, kernelSpace, symbols, registry, new Lifecycle());
        String engine = System.getProperty("ukcf.driver.engine", System.getProperty("ukcf.engine", ukcf.cpu.exec.Engines.DEFAULT));
        executor = new DriverExecutor(kernel, api, this::inModule, sentinel, engine, CALL_BUDGET);
        kernel.setSymbols(this::symbolAt);
        charDevices = new ukcf.kernel.chardev.CharDevices(this);
        platformBus = new ukcf.kernel.bus.PlatformBus(this);
        pciBus = new ukcf.kernel.bus.PciBus(this);
    }

    /** Exported data symbols with real memory and the values Linux gives them at boot. */
    private void exportData() {
        byte[] guard = new byte[4];
        new SecureRandom().nextBytes(guard);
        guard[0] = 0; // as the kernel's boot_init_stack_canary: a string overrun stops at the canary's NUL
        space.writeHost(data.exportData("__stack_chk_guard", 4, false).address(), guard, 0, 4);
        data.exportData("fips_enabled", 4, false);
        jiffies = data.exportData("jiffies", 8, false).address();
        data.exportData("system_wq", 4, false);
        for (ParameterType type : ParameterType.values()) {
            if (type.opsSymbol() != null && data.resolve(type.opsSymbol()).isEmpty()) {
                data.exportData(type.opsSymbol(), abi.struct("kernel_param_ops").size(), false);
            }
        }
    }

    public KernelAbi abi() { return abi; }

    public KernelExports api() { return api; }

    public KernelHeap heap() { return heap; }

    /** What modules link against: exported data first, then the API's functions (and stubs). */
    public KernelSymbols symbols() { return symbols; }

    public ModuleRegistry registry() { return registry; }

    /** Device numbers, cdevs, misc devices and the nodes drivers made. */
    public ukcf.kernel.chardev.CharDevices charDevices() { return charDevices; }

    /** Platform devices and drivers. */
    public ukcf.kernel.bus.PlatformBus platformBus() { return platformBus; }

    /** PCI functions (those of a machine description: ukcf run --pci) and drivers. */
    public ukcf.kernel.bus.PciBus pciBus() { return pciBus; }

    /** Puts one line (with its KERN_ level prefix) in the kernel log. */
    public void kernelLog(String line) {
        kernel.log().printk((line + "\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /** Where shells record their calls. */
    public ukcf.shells.trace.Tracer tracer() { return kernel.tracer(); }

    /** The page frame of kernel memory at {@code address} (remap_pfn_range shares it), or null when unmapped. */
    public byte[] kernelFrame(int address) {
        return space.isMapped(address) ? space.frameOf(address) : null;
    }

    /**
     * Runs {@code body} (driver calls) on behalf of the process whose user half is {@code user}: copies to and from
     * user space reach it. Calls from different processes take turns, as on one kernel stack.
     */
    public synchronized <T> T onBehalfOf(Memory user, java.util.function.Supplier<T> body) {
        Memory previousUser = userHalf;
        userHalf = user;
        try {
            return body.get();
        } finally {
            userHalf = previousUser;
        }
    }

    public KernelAddressSpace kernelSpace() { return kernelSpace; }

    /** Host access to kernel memory (no guest rights checked: the host kernel's own reads). */
    public byte[] readKernel(int address, int length) {
        byte[] bytes = new byte[length];
        space.readHost(address, bytes, 0, length);
        return bytes;
    }

    public void writeKernel(int address, byte[] bytes) {
        space.writeHost(address, bytes, 0, bytes.length);
    }

    /** The kernel half with supervisor rights, as host kernel code (shells, exports) reads and writes it. */
    public Memory kernelMemory() { return kernelView; }

    /**
     * Loads a module on behalf of a process ({@code user}: its user half with supervisor rights, for the init
     * function's copies; {@code pid} for traces), running its init; see {@link ModuleLoader#load}.
     */
    public synchronized ModuleLoader.LoadResult load(Memory user, String fileName, byte[] bytes, String arguments) {
        try {
            return onBehalfOf(user, () -> {
                kallsyms.loading(ukcf.kernel.module.ModuleFile.parse(fileName, bytes, abi));
                ModuleLoader.LoadResult result = loader.load(fileName, bytes, arguments);
                kallsyms.loaded(result.module());
                return result;
            });
        } catch (RuntimeException refused) {
            kallsyms.failed();
            throw refused;
        } finally {
            refreshRanges();
        }
    }

    /** Unloads module {@code name} on behalf of a process, running its exit. */
    public synchronized void unload(Memory user, String name) {
        try {
            onBehalfOf(user, () -> {
                loader.unload(name);
                kallsyms.unloaded(ModuleLoader.canonicalName(name));
                return null;
            });
        } finally {
            refreshRanges();
        }
    }

    /**
     * /sys/module/NAME/parameters: the parameters the module declared readable (a non-zero permission), in
     * declaration order; null when no module of that name is loaded.
     */
    public synchronized List<String> parameterNames(String module) {
        return registry.module(module).map(m -> m.parameters().stream().filter(p -> p.permissions() != 0)
                .map(ukcf.kernel.module.ModuleParameters.Parameter::name).toList()).orElse(null);
    }

    /** One parameter's sysfs text, or null when it has no file or the bridge does not render its type. */
    public synchronized byte[] parameterValue(String module, String parameter) {
        return registry.module(module).flatMap(m -> m.parameters().stream()
                .filter(p -> p.permissions() != 0 && p.name().equals(parameter)).findFirst())
                .map(p -> p.type().format(kernelView, p.argument(), abi)).map(text -> text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
                .orElse(null);
    }

    /** /proc/sys/kernel/tainted: the taint bits loading modules set. */
    public long taints() { return loader.taintMask(); }

    /** /proc/modules as kernel/module/procfs.c prints it (lsmod reads it): newest module first. */
    public synchronized String procModules() {
        StringBuilder s = new StringBuilder();
        List<LoadedModule> modules = registry.modules();
        for (int i = modules.size() - 1; i >= 0; i--) {
            LoadedModule m = modules.get(i);
            List<String> users = m.users().stream().map(LoadedModule::name).sorted().toList();
            s.append(m.name()).append(' ').append(Integer.toUnsignedLong(m.coreSize() + m.initSize()))
                    .append(' ').append(m.users().size() + m.referenceCount()).append(' ')
                    .append(users.isEmpty() ? "-" : String.join(",", users) + ",").append(' ')
                    .append(switch (m.state()) {
                        case COMING -> "Loading";
                        case GOING -> "Unloading";
                        default -> "Live";
                    })
                    .append(String.format(" 0x%08x", m.coreBase()))
                    .append(m.taints().isEmpty() ? "" : " (" + m.taints() + ")").append('\n');
        }
        return s.toString();
    }

    /** A {@link DriverCaller} for the shells of {@code module}: calls run in the current process context. */
    public DriverCaller caller() {
        return new DriverCaller() {
            @Override public Result call(int function, int... arguments) {
                DriverExecutor.Result r = execute(function, arguments);
                return new Result(r.eax(), r.edx(), r.instructions());
            }

            @Override public int pid() { return kernel.currentProcess(); }

            @Override public String kindOf(RuntimeException failure) {
                return failure instanceof DriverCallFailure f ? f.kind().name().toLowerCase() : failure.getClass().getSimpleName();
            }
        };
    }

    /** Runs one driver function on the kernel stack, in the current process's context (none outside a call). */
    public synchronized DriverExecutor.Result execute(int function, int... arguments) {
        Memory user = userHalf != null ? userHalf : noUser;
        if (moduleRanges.length == 0) refreshRanges();
        tick();
        return executor.callFor(kernel.currentProcess(), new ProcessContextMemory(user, kernelView), stackTop, function, arguments);
    }

    /**
     * Brings {@code jiffies} up to the time since this kernel was made, from INITIAL_JIFFIES at HZ ticks a second
     * (a 32-bit count that wraps five minutes after boot, as Linux makes it to flush out wrap bugs): a driver that
     * waits on jiffies sees time pass between calls, as it would between interrupts.
     */
    private void tick() {
        long initial = Integer.toUnsignedLong((int) abi.constant("INITIAL_JIFFIES"));
        long now = initial + (System.nanoTime() - bootNanos) * abi.constant("HZ") / 1_000_000_000L;
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) bytes[i] = (byte) (now >>> (8 * i));
        space.writeHost(jiffies, bytes, 0, bytes.length);
    }

    /** The jump monitor's predicate: whether {@code address} lies in a loaded module's image. */
    private boolean inModule(int address) {
        long a = Integer.toUnsignedLong(address);
        long[] ranges = moduleRanges;
        for (int i = 0; i < ranges.length; i += 2) {
            if (a >= ranges[i] && a < ranges[i + 1]) return true;
        }
        return false;
    }

    private void refreshRanges() {
        List<LoadedModule> modules = registry.modules();
        long[] ranges = new long[4 * modules.size()];
        int n = 0;
        for (LoadedModule m : modules) {
            ranges[n++] = Integer.toUnsignedLong(m.coreBase());
            ranges[n++] = Integer.toUnsignedLong(m.coreBase()) + m.coreSize();
            if (m.initSize() > 0) {
                ranges[n++] = Integer.toUnsignedLong(m.initBase());
                ranges[n++] = Integer.toUnsignedLong(m.initBase()) + m.initSize();
            }
        }
        moduleRanges = java.util.Arrays.copyOf(ranges, n);
    }

    /** The module function holding {@code address}, for oops reports, %pS and traces. */
    private SymbolNamer.Symbol symbolAt(int address) {
        Optional<LoadedModule> module = registry.moduleAt(address);
        return module.map(m -> kallsyms.lookup(m, address)).orElse(null);
    }

    /** Runs init and exit through the executor; tells the crypto API when a module goes. */
    private final class Lifecycle implements ModuleLifecycle {
        @Override
        public int callInit(LoadedModule module, int address) {
            refreshRanges();
            return new ukcf.shells.EntryPoint(module.name(), "module.init", address, caller(), kernel.tracer()).call();
        }

        @Override
        public void callExit(LoadedModule module, int address) {
            refreshRanges();
            new ukcf.shells.EntryPoint(module.name(), "module.exit", address, caller(), kernel.tracer()).returningVoid().call();
        }

        @Override
        public void log(String line) { kernelLog(line); }

        @Override
        public void unloading(LoadedModule module) {
            kernel.cryptoShells().dropModule(module.name());
            platformBus.dropModule(module);
            charDevices.dropModule(module);
            pciBus.dropModule(module);
        }
    }
}
