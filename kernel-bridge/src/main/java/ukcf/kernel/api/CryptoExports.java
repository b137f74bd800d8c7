package ukcf.kernel.api;

import ukcf.kernel.crypto.shell.CryptoShells;

/**
 * The crypto API's registration functions (crypto/algapi.c, crypto/shash.c): each algorithm a driver registers
 * becomes a shell in the host's crypto registry; the array forms register in order and undo on the first failure.
 */
final class CryptoExports {
    private CryptoExports() { }

    @KernelExport(name = "crypto_register_alg")
    static int registerAlg(KernelCall c, int alg) { return shells(c).registerAlg(alg); }

    @KernelExport(name = "crypto_unregister_alg")
    static void unregisterAlg(KernelCall c, int alg) { shells(c).unregister(alg); }

    @KernelExport(name = "crypto_register_algs")
    static int registerAlgs(KernelCall c, int algs, int count) {
        return registerArray(c, algs, count, size(c, "crypto_alg"), false);
    }

    @KernelExport(name = "crypto_unregister_algs")
    static void unregisterAlgs(KernelCall c, int algs, int count) {
        for (int i = 0; i < count; i++) shells(c).unregister(algs + i * size(c, "crypto_alg"));
    }

    @KernelExport(name = "crypto_register_shash")
    static int registerShash(KernelCall c, int alg) { return shells(c).registerShash(alg); }

    @KernelExport(name = "crypto_unregister_shash")
    static void unregisterShash(KernelCall c, int alg) { shells(c).unregister(alg); }

    @KernelExport(name = "crypto_register_shashes")
    static int registerShashes(KernelCall c, int algs, int count) {
        return registerArray(c, algs, count, size(c, "shash_alg"), true);
    }

    @KernelExport(name = "crypto_unregister_shashes")
    static void unregisterShashes(KernelCall c, int algs, int count) {
        for (int i = count - 1; i >= 0; i--) shells(c).unregister(algs + i * size(c, "shash_alg"));
    }

    private static int registerArray(KernelCall c, int algs, int count, int stride, boolean shash) {
        for (int i = 0; i < count; i++) {
            int alg = algs + i * stride;
            int result = shash ? shells(c).registerShash(alg) : shells(c).registerAlg(alg);
            if (result != 0) {
                for (int j = i - 1; j >= 0; j--) shells(c).unregister(algs + j * stride);
                return result;
            }
        }
        return 0;
    }

    private static CryptoShells shells(KernelCall c) { return c.kernel().cryptoShells(); }

    private static int size(KernelCall c, String struct) { return c.kernel().modules().abi().struct(struct).size(); }
}
