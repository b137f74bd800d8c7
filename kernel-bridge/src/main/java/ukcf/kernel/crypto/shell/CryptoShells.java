package ukcf.kernel.crypto.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ukcf.kernel.HostKernel;
import ukcf.kernel.KernelModules;
import ukcf.kernel.crypto.Algorithm;
import ukcf.kernel.crypto.CryptoException;
import ukcf.kernel.module.LoadedModule;

/**
 * What drivers registered with the crypto API (crypto_register_alg, crypto_register_shash), by the address of
 * their structure: a shell per algorithm in the host's {@link ukcf.kernel.crypto.CryptoRegistry}, gone again on
 * unregister or when its module unloads. Registration answers as crypto/algapi.c does: 0, -EEXIST for a driver name
 * already registered, -EINVAL for what cannot be used (an unsupported type, a missing function).
 */
public final class CryptoShells {
    private static final int EINVAL = 22;

    private final HostKernel kernel;
    private final Map<Integer, Algorithm> registered = new LinkedHashMap<>();

    public CryptoShells(HostKernel kernel) {
        this.kernel = kernel;
    }

    /** crypto_register_alg: only single-block ciphers come this way here (others: -EINVAL and a log line). */
    public synchronized int registerAlg(int alg) {
        KernelModules k = kernel.modules();
        int flags = DriverStructs.field(k, alg, k.abi().struct("crypto_alg"), "cra_flags");
        long type = flags & k.abi().constant("CRYPTO_ALG_TYPE_MASK");
        String module = moduleOf(k, DriverStructs.field(k, alg, k.abi().struct("crypto_alg"), "cra_module"));
        if (type != k.abi().constant("CRYPTO_ALG_TYPE_CIPHER")) {
            kernel.log().printk(("\0013ukcf: crypto_register_alg: algorithm type " + type + " of " + module
                    + " is not supported\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return -EINVAL;
        }
        CipherShell shell = new CipherShell(k, alg, module, kernel.tracer());
        return shell.complete() ? add(alg, shell) : -EINVAL;
    }

    /** crypto_register_shash. */
    public synchronized int registerShash(int alg) {
        KernelModules k = kernel.modules();
        int base = alg + k.abi().struct("shash_alg").offset("base");
        String module = moduleOf(k, DriverStructs.field(k, base, k.abi().struct("crypto_alg"), "cra_module"));
        HashShell shell = new HashShell(k, alg, module, kernel.tracer());
        return shell.complete() ? add(alg, shell) : -EINVAL;
    }

    private int add(int address, Algorithm shell) {
        if (shell.name().isEmpty()) return -EINVAL;
        try {
            kernel.crypto().register(shell);
        } catch (CryptoException e) {
            return -e.errno();
        }
        registered.put(address, shell);
        return 0;
    }

    /** crypto_unregister_alg / crypto_unregister_shash: the algorithm and the template instances over it go. */
    public synchronized void unregister(int address) {
        Algorithm shell = registered.remove(address);
        if (shell != null) kernel.crypto().unregister(shell);
    }

    /** A module is going: whatever it left registered goes with it. */
    public synchronized void dropModule(String module) {
        List<Integer> left = new ArrayList<>();
        registered.forEach((address, shell) -> {
            if (module.equals(shell.module())) left.add(address);
        });
        left.forEach(this::unregister);
    }

    private static String moduleOf(KernelModules k, int thisModule) {
        return k.registry().byThisModule(thisModule).map(LoadedModule::name).orElse(null);
    }
}
