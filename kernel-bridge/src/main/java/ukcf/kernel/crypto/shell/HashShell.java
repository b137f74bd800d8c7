package ukcf.kernel.crypto.shell;

import ukcf.kernel.KernelModules;
import ukcf.kernel.abi.KernelStruct;
import ukcf.kernel.crypto.CryptoException;
import ukcf.kernel.crypto.Hash;
import ukcf.shells.EntryPoint;

/**
 * A driver's synchronous hash (a {@code shash_alg}) as a {@link Hash}: a transform is a {@code crypto_shash} with
 * the driver's context (cra_ctxsize) behind its {@code crypto_tfm}, set up by init_tfm; the running state is a
 * {@code shash_desc} with descsize bytes of the driver's, in kernel memory. Data and digests are copied in and out.
 * Without export/import the state is the descriptor's context, as crypto/shash.c's defaults make it.
 */
final class HashShell implements Hash {
    private final KernelModules kernel;
    private final int alg;
    private final String module, name, driverName;
    private final int priority, blockSize, contextSize, digestSize, descSize, stateSize;
    private final boolean optionalKey;
    private final EntryPoint initTfm, exitTfm, setkey, init, update, finalize, export, importState;

    HashShell(KernelModules kernel, int alg, String module, ukcf.shells.trace.Tracer tracer) {
        this.kernel = kernel;
        this.alg = alg;
        this.module = module;
        KernelStruct s = kernel.abi().struct("shash_alg");
        KernelStruct a = kernel.abi().struct("crypto_alg");
        int base = alg + s.offset("base");
        name = DriverStructs.string(kernel, base, a, "cra_name");
        driverName = DriverStructs.string(kernel, base, a, "cra_driver_name");
        priority = DriverStructs.field(kernel, base, a, "cra_priority");
        blockSize = DriverStructs.field(kernel, base, a, "cra_blocksize");
        contextSize = DriverStructs.field(kernel, base, a, "cra_ctxsize");
        optionalKey = (DriverStructs.field(kernel, base, a, "cra_flags") & kernel.abi().constant("CRYPTO_ALG_OPTIONAL_KEY")) != 0;
        digestSize = DriverStructs.field(kernel, alg, s, "digestsize");
        descSize = DriverStructs.field(kernel, alg, s, "descsize");
        int declaredState = DriverStructs.field(kernel, alg, s, "statesize");
        var caller = kernel.caller();
        initTfm = entry(s, "init_tfm", caller, tracer);
        exitTfm = entry(s, "exit_tfm", caller, tracer).returningVoid();
        setkey = entry(s, "setkey", caller, tracer);
        init = entry(s, "init", caller, tracer);
        update = entry(s, "update", caller, tracer);
        finalize = entry(s, "final", caller, tracer);
        export = entry(s, "export", caller, tracer);
        importState = entry(s, "import", caller, tracer);
        stateSize = export.present() ? declaredState : descSize;
    }

    private EntryPoint entry(KernelStruct s, String field, ukcf.shells.DriverCaller caller, ukcf.shells.trace.Tracer tracer) {
        return new EntryPoint(module, "shash_alg." + field, DriverStructs.field(kernel, alg, s, field), caller, tracer);
    }

    int address() { return alg; }

    boolean complete() { return init.present() && update.present() && finalize.present() && digestSize > 0; }

    @Override public String name() { return name; }
    @Override public String driverName() { return driverName; }
    @Override public int priority() { return priority; }
    @Override public int blockSize() { return blockSize; }
    @Override public String module() { return module; }
    @Override public int digestSize() { return digestSize; }
    @Override public boolean keyed() { return setkey.present(); }
    @Override public boolean keyOptional() { return optionalKey; }

    @Override
    public Instance newInstance() throws CryptoException {
        KernelStruct shashType = kernel.abi().struct("crypto_shash");
        KernelStruct tfmType = kernel.abi().struct("crypto_tfm");
        KernelStruct descType = kernel.abi().struct("shash_desc");
        int tfmBase = shashType.offset("base");
        int shash = DriverStructs.allocate(kernel, tfmBase + tfmType.size() + contextSize);
        DriverStructs.write32(kernel, shash + shashType.offset("descsize"), descSize);
        DriverStructs.write32(kernel, shash + tfmBase + tfmType.offset("__crt_alg"), alg + kernel.abi().struct("shash_alg").offset("base"));
        int desc;
        try {
            desc = DriverStructs.allocate(kernel, descType.size() + descSize);
        } catch (CryptoException e) {
            kernel.heap().free(shash);
            throw e;
        }
        DriverStructs.write32(kernel, desc + descType.offset("tfm"), shash);
        if (initTfm.present()) {
            try {
                DriverStructs.call(initTfm, shash);
            } catch (CryptoException e) {
                kernel.heap().free(desc);
                kernel.heap().free(shash);
                throw e;
            }
        }
        return new Transform(shash, desc, desc + descType.offset("__ctx"));
    }

    private final class Transform implements Instance {
        private final int shash, desc, descContext;
        private boolean closed;

        Transform(int shash, int desc, int descContext) {
            this.shash = shash;
            this.desc = desc;
            this.descContext = descContext;
        }

        @Override
        public void setKey(byte[] key) throws CryptoException {
            if (!setkey.present()) throw new CryptoException(CryptoException.EINVAL, driverName + " takes no key");
            int copy = DriverStructs.copyIn(kernel, key, 0, key.length);
            try {
                DriverStructs.call(setkey, shash, copy, key.length);
            } finally {
                kernel.heap().free(copy);
            }
        }

        @Override
        public void init() throws CryptoException { DriverStructs.call(init, desc); }

        @Override
        public void update(byte[] data, int offset, int length) throws CryptoException {
            int copy = DriverStructs.copyIn(kernel, data, offset, length);
            try {
                DriverStructs.call(update, desc, copy, length);
            } finally {
                kernel.heap().free(copy);
            }
        }

        @Override
        public byte[] finish() throws CryptoException {
            int out = DriverStructs.allocate(kernel, digestSize);
            try {
                DriverStructs.call(finalize, desc, out);
                return kernel.readKernel(out, digestSize);
            } finally {
                kernel.heap().free(out);
            }
        }

        @Override
        public byte[] exportState() throws CryptoException {
            if (!export.present()) return kernel.readKernel(descContext, descSize);
            int out = DriverStructs.allocate(kernel, stateSize);
            try {
                DriverStructs.call(export, desc, out);
                return kernel.readKernel(out, stateSize);
            } finally {
                kernel.heap().free(out);
            }
        }

        @Override
        public void importState(byte[] state) throws CryptoException {
            if (state.length != stateSize) throw new CryptoException(CryptoException.EINVAL, "state of " + state.length + " bytes, " + driverName + " keeps " + stateSize);
            if (!importState.present()) {
                kernel.writeKernel(descContext, state);
                return;
            }
            int copy = DriverStructs.copyIn(kernel, state, 0, state.length);
            try {
                DriverStructs.call(importState, desc, copy);
            } finally {
                kernel.heap().free(copy);
            }
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            try {
                if (exitTfm.present()) DriverStructs.callVoid(exitTfm, shash);
            } catch (CryptoException ignored) {
                // reported in the log and the trace; the memory is freed all the same
            } finally {
                kernel.heap().free(desc);
                kernel.heap().free(shash);
            }
        }
    }
}
