package ukcf.kernel;

import ukcf.kernel.crypto.CryptoRegistry;
import ukcf.kernel.log.KernelLog;

/**
 * The modeled host kernel of one ukcf run, shared by every guest process of the run (as the one Linux kernel is):
 * its log, its crypto API, and (as the bridge grows) loaded modules and device nodes.
 */
public final class HostKernel {
    private final KernelLog log = new KernelLog();
    private final CryptoRegistry crypto = new CryptoRegistry();

    private final long pointerHashKey = new java.security.SecureRandom().nextLong();
    private volatile ukcf.kernel.log.SymbolNamer symbols = ukcf.kernel.log.SymbolNamer.NONE;

    private volatile ukcf.shells.trace.Tracer tracer = ukcf.shells.trace.Tracer.NONE;

    public KernelLog log() { return log; }

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
}
