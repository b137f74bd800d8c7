package ukcf.kernel.crypto;

/** A symmetric cipher over whole messages with an IV (skcipher_alg), what AF_ALG's "skcipher" type uses. */
public non-sealed interface Skcipher extends Algorithm {
    int minKeySize();

    int maxKeySize();

    int ivSize();

    Instance newInstance() throws CryptoException;

    interface Instance extends AutoCloseable {
        void setKey(byte[] key) throws CryptoException;

        /**
         * Encrypts {@code length} bytes; {@code iv} is updated in place to the chaining value for a following
         * request (as req->iv is), {@code in} and {@code out} may be the same array.
         */
        void encrypt(byte[] iv, byte[] in, int inOffset, byte[] out, int outOffset, int length) throws CryptoException;

        void decrypt(byte[] iv, byte[] in, int inOffset, byte[] out, int outOffset, int length) throws CryptoException;

        @Override
        default void close() { }
    }
}
