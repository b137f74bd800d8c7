package ukcf.kernel.crypto;

/** A synchronous hash (shash_alg: init, update, final, optional setkey, export/import of the state). */
public non-sealed interface Hash extends Algorithm {
    int digestSize();

    /** Whether setkey exists (keyed hashes such as michael_mic, crc32's seed, hmac(...)). */
    boolean keyed();

    /** Whether a keyed hash works without setkey too (CRYPTO_ALG_OPTIONAL_KEY: crc32's seed has a default). */
    default boolean keyOptional() { return false; }

    Instance newInstance() throws CryptoException;

    interface Instance extends AutoCloseable {
        void setKey(byte[] key) throws CryptoException;

        void init() throws CryptoException;

        void update(byte[] data, int offset, int length) throws CryptoException;

        /** The digest; the state is then spent until the next init. */
        byte[] finish() throws CryptoException;

        /** The partial state (export) and its restoration into a transform with the same key (import). */
        byte[] exportState() throws CryptoException;

        void importState(byte[] state) throws CryptoException;

        @Override
        default void close() { }
    }
}
