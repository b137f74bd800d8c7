package ukcf.kernel.crypto;

/** A single-block cipher (CRYPTO_ALG_TYPE_CIPHER: cia_setkey, cia_encrypt, cia_decrypt). */
public non-sealed interface BlockCipher extends Algorithm {
    int minKeySize();

    int maxKeySize();

    /** A transform with its own key (a crypto_tfm and its context). */
    Instance newInstance() throws CryptoException;

    interface Instance extends AutoCloseable {
        void setKey(byte[] key) throws CryptoException;

        /** Encrypts one block of {@code in} at {@code inOffset} into {@code out} at {@code outOffset}. */
        void encrypt(byte[] in, int inOffset, byte[] out, int outOffset) throws CryptoException;

        void decrypt(byte[] in, int inOffset, byte[] out, int outOffset) throws CryptoException;

        /** Frees the transform (the driver's cra_exit, the context memory). */
        @Override
        default void close() { }
    }
}
