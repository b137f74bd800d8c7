package ukcf.kernel;

import ukcf.kernel.crypto.CryptoRegistry;
import ukcf.kernel.log.KernelLog;

/**
 * The modeled host kernel of one ukcf run, shared by every guest process of the run (as the one Linux kernel is):
 * its log, its crypto API with the algorithms drivers registered, and its loaded modules ({@link KernelModules}).
 */
public final class HostKernel {
    private final KernelLog log = new KernelLog();
    private final CryptoRegistry crypto = new CryptoRegistry();

    private final long pointerHashKey = new java.security.SecureRandom().nextLong();
    private volatile ukcf.kernel.log.SymbolNamer symbols = ukcf.kernel.log.SymbolNamer.NONE;

    private volatile ukcf.shells.trace.Tracer tracer = ukcf.shells.trace.Tracer.NONE;

    public KernelLog log() { return log; }

    private final ThreadLocal<Integer> currentProcess = ThreadLocal.withInitial(() -> 0);

    /** The guest process running on this thread (each process has its own thread), 0 for none. */
    public int currentProcess() { return currentProcess.get(); }

    /** Called by a process's thread as it starts running: driver calls it makes are on its behalf. */
    public void enterProcess(int pid) { currentProcess.set(pid); }

    /** Where driver entries, exits and host calls are recorded ({@code --trace}); nowhere by default. */
    public ukcf.shells.trace.Tracer tracer() { return tracer; }

    public void setTracer(ukcf.shells.trace.Tracer tracer) { this.tracer = tracer; }

    /** printk's formatter over {@code memory} (the memory of the CPU running the driver). */
    public ukcf.kernel.log.KernelFormat format(ukcf.cpu.memory.Memory memory) {
        return new ukcf.kernel.log.KernelFormat(memory, symbols, pointerHashKey);
    }

    /** Names guest kernel addresses (%pS, oops backtraces): set by the module registry. */
    public void setSymbols(ukcf.kernel.log.SymbolNamer symbols) { this.symbols = symbols; }

    public ukcf.kernel.log.SymbolNamer symbols() { return symbols; }

    public CryptoRegistry crypto() { return crypto; }

    private final ukcf.kernel.crypto.shell.CryptoShells cryptoShells = new ukcf.kernel.crypto.shell.CryptoShells(this);
    private volatile KernelModules modules;

    /** /proc/modules (empty until a module was loaded: the module side is built on first use). */
    public byte[] procModules() {
        KernelModules modules = this.modules;
        return modules == null ? new byte[0] : modules.procModules().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** /dev/kmsg (char 1:11), the kernel log's record interface: always there, answered by the host kernel itself. */
    public static final ukcf.kernel.chardev.DeviceNode KMSG = new ukcf.kernel.chardev.DeviceNode("kmsg",
            1 << (int) ukcf.kernel.abi.KernelAbi.debian686().constant("MINORBITS") | 11, 1, 11, 0644, 0, 11);

    /** The device node /dev/{@code name}: /dev/kmsg, or one a driver made, or null. */
    public ukcf.kernel.chardev.DeviceNode deviceNode(String name) {
        if (name.equals(KMSG.name())) return KMSG;
        KernelModules modules = this.modules;
        return modules == null ? null : modules.charDevices().node(name).orElse(null);
    }

    /** The readable parameters of loaded module {@code name} (/sys/module/NAME/parameters), or null if not loaded. */
    public java.util.List<String> moduleParameters(String name) {
        KernelModules modules = this.modules;
        return modules == null ? null : modules.parameterNames(name);
    }

    /** A module parameter's sysfs text, or null. */
    public byte[] moduleParameter(String module, String parameter) {
        KernelModules modules = this.modules;
        return modules == null ? null : modules.parameterValue(module, parameter);
    }

    /** /proc/devices: char majors in use (the host's mem and misc always). */
    public byte[] procDevices() {
        String text = modules != null ? modules.charDevices().procDevices()
                : "Character devices:\n  1 mem\n 10 misc\n\nBlock devices:\n";
        return text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** /proc/sys/kernel/tainted. */
    public byte[] procTainted() {
        return ((modules != null ? modules.taints() : 0) + "\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** /proc/crypto. */
    public byte[] procCrypto() { return crypto.procCrypto().getBytes(java.nio.charset.StandardCharsets.UTF_8); }

    /** The algorithms drivers registered, as shells in {@link #crypto()}. */
    public ukcf.kernel.crypto.shell.CryptoShells cryptoShells() { return cryptoShells; }

    /**
     * The kernel half, the kernel API, the loaded modules, their loader and the executor of their code; made on
     * first use (a run that loads no module never builds it).
     */
    public KernelModules modules() {
        KernelModules built = modules;
        if (built != null) return built;
        synchronized (this) {
            if (modules == null) modules = new KernelModules(this);
            return modules;
        }
    }
}
