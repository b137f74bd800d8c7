package ukcf.kernel.crypto.shell;

import ukcf.kernel.KernelModules;
import ukcf.kernel.abi.KernelStruct;
import ukcf.kernel.crypto.BlockCipher;
import ukcf.kernel.crypto.CryptoException;
import ukcf.shells.EntryPoint;

/**
 * A driver's single-block cipher (a {@code crypto_alg} of CRYPTO_ALG_TYPE_CIPHER) as a {@link BlockCipher}: each
 * transform is a {@code crypto_tfm} with the driver's context behind it in kernel memory, set up by cra_init and
 * torn down by cra_exit; keys and blocks are copied into kernel memory for cia_setkey, cia_encrypt, cia_decrypt
 * (crypto/cipher.c's checks first: the key length against cia_min_keysize and cia_max_keysize).
 */
final class CipherShell implements BlockCipher {
    private final KernelModules kernel;
    private final int alg;
    private final String module, name, driverName;
    private final int priority, blockSize, contextSize, minKey, maxKey;
    private final EntryPoint init, exit, setkey, encrypt, decrypt;

    CipherShell(KernelModules kernel, int alg, String module, ukcf.shells.trace.Tracer tracer) {
        this.kernel = kernel;
        this.alg = alg;
        this.module = module;
        KernelStruct a = kernel.abi().struct("crypto_alg");
        name = DriverStructs.string(kernel, alg, a, "cra_name");
        driverName = DriverStructs.string(kernel, alg, a, "cra_driver_name");
        priority = DriverStructs.field(kernel, alg, a, "cra_priority");
        blockSize = DriverStructs.field(kernel, alg, a, "cra_blocksize");
        contextSize = DriverStructs.field(kernel, alg, a, "cra_ctxsize");
        minKey = DriverStructs.field(kernel, alg, a, "cra_u.cipher.cia_min_keysize");
        maxKey = DriverStructs.field(kernel, alg, a, "cra_u.cipher.cia_max_keysize");
        var caller = kernel.caller();
        init = new EntryPoint(module, "crypto_alg.cra_init", DriverStructs.field(kernel, alg, a, "cra_init"), caller, tracer);
        exit = new EntryPoint(module, "crypto_alg.cra_exit", DriverStructs.field(kernel, alg, a, "cra_exit"), caller, tracer).returningVoid();
        setkey = new EntryPoint(module, "cipher_alg.cia_setkey", DriverStructs.field(kernel, alg, a, "cra_u.cipher.cia_setkey"), caller, tracer);
        encrypt = new EntryPoint(module, "cipher_alg.cia_encrypt", DriverStructs.field(kernel, alg, a, "cra_u.cipher.cia_encrypt"), caller, tracer).returningVoid();
        decrypt = new EntryPoint(module, "cipher_alg.cia_decrypt", DriverStructs.field(kernel, alg, a, "cra_u.cipher.cia_decrypt"), caller, tracer).returningVoid();
    }

    /** The driver's {@code struct crypto_alg}. */
    int address() { return alg; }

    @Override public String name() { return name; }
    @Override public String driverName() { return driverName; }
    @Override public int priority() { return priority; }
    @Override public int blockSize() { return blockSize; }
    @Override public String module() { return module; }
    @Override public int minKeySize() { return minKey; }
    @Override public int maxKeySize() { return maxKey; }

    /** Whether the driver supplied what a cipher needs. */
    boolean complete() { return setkey.present() && encrypt.present() && decrypt.present() && blockSize > 0; }

    @Override
    public Instance newInstance() throws CryptoException {
        KernelStruct tfmType = kernel.abi().struct("crypto_tfm");
        int tfm = DriverStructs.allocate(kernel, tfmType.size() + contextSize);
        DriverStructs.write32(kernel, tfm + tfmType.offset("__crt_alg"), alg);
        if (init.present()) {
            try {
                DriverStructs.call(init, tfm);
            } catch (CryptoException e) {
                kernel.heap().free(tfm);
                throw e;
            }
        }
        return new Transform(tfm);
    }

    private final class Transform implements Instance {
        private final int tfm;
        private boolean closed;

        Transform(int tfm) { this.tfm = tfm; }

        @Override
        public void setKey(byte[] key) throws CryptoException {
            if (key.length < minKey || key.length > maxKey) {
                throw new CryptoException(CryptoException.EINVAL, driverName + " takes keys of " + minKey + " to " + maxKey + " bytes");
            }
            int copy = DriverStructs.copyIn(kernel, key, 0, key.length);
            try {
                DriverStructs.call(setkey, tfm, copy, key.length);
            } finally {
                kernel.heap().free(copy);
            }
        }

        @Override
        public void encrypt(byte[] in, int inOffset, byte[] out, int outOffset) throws CryptoException {
            block(encrypt, in, inOffset, out, outOffset);
        }

        @Override
        public void decrypt(byte[] in, int inOffset, byte[] out, int outOffset) throws CryptoException {
            block(decrypt, in, inOffset, out, outOffset);
        }

        /** One block: source and destination in one kernel buffer, the destination first. */
        private void block(EntryPoint function, byte[] in, int inOffset, byte[] out, int outOffset) throws CryptoException {
            int buffer = DriverStructs.allocate(kernel, 2 * blockSize);
            try {
                byte[] source = new byte[blockSize];
                System.arraycopy(in, inOffset, source, 0, blockSize);
                kernel.writeKernel(buffer + blockSize, source);
                DriverStructs.callVoid(function, tfm, buffer, buffer + blockSize);
                System.arraycopy(kernel.readKernel(buffer, blockSize), 0, out, outOffset, blockSize);
            } finally {
                kernel.heap().free(buffer);
            }
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            try {
                if (exit.present()) DriverStructs.callVoid(exit, tfm);
            } catch (CryptoException ignored) {
                // the failure is in the log and the trace; the context is freed all the same
            } finally {
                kernel.heap().free(tfm);
            }
        }
    }
}
