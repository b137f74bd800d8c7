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

    public KernelLog log() { return log; }

    public CryptoRegistry crypto() { return crypto; }
}
