package ukcf.kernel.crypto;

import java.util.Arrays;

/** The hmac template (crypto/hmac.c, RFC 2104) over an unkeyed hash: {@code hmac(name)}. */
public final class Hmac implements Hash {
    public static final String TEMPLATE = "hmac";
    private static final byte IPAD = 0x36, OPAD = 0x5c;

    private final Hash inner;

    public Hmac(Hash inner) throws CryptoException {
        if (inner.keyed()) throw new CryptoException(CryptoException.EINVAL, "hmac needs an unkeyed hash, not " + inner.name());
        this.inner = inner;
    }

    public String name() { return TEMPLATE + "(" + inner.name() + ")"; }
    public String driverName() { return TEMPLATE + "(" + inner.driverName() + ")"; }
    public int priority() { return inner.priority(); }
    public int blockSize() { return inner.blockSize(); }
    public String module() { return inner.module(); }
    public int digestSize() { return inner.digestSize(); }
    public boolean keyed() { return true; }

    public Instance newInstance() throws CryptoException {
        Hash.Instance hash = inner.newInstance();
        return new Instance() {
            private byte[] innerPad, outerPad;

            public void setKey(byte[] key) throws CryptoException {
                int block = inner.blockSize();
                if (key.length > block) {
                    hash.init();
                    hash.update(key, 0, key.length);
                    key = hash.finish();
                }
                innerPad = Arrays.copyOf(key, block);
                outerPad = Arrays.copyOf(key, block);
                for (int i = 0; i < block; i++) {
                    innerPad[i] ^= IPAD;
                    outerPad[i] ^= OPAD;
                }
            }

            public void init() throws CryptoException {
                if (innerPad == null) throw new CryptoException(CryptoException.ENOKEY, name() + " has no key");
                hash.init();
                hash.update(innerPad, 0, innerPad.length);
            }

            public void update(byte[] data, int offset, int length) throws CryptoException {
                hash.update(data, offset, length);
            }

            public byte[] finish() throws CryptoException {
                byte[] innerDigest = hash.finish();
                hash.init();
                hash.update(outerPad, 0, outerPad.length);
                hash.update(innerDigest, 0, innerDigest.length);
                return hash.finish();
            }

            public byte[] exportState() throws CryptoException { return hash.exportState(); }

            public void importState(byte[] state) throws CryptoException { hash.importState(state); }

            public void close() { hash.close(); }
        };
    }
}
