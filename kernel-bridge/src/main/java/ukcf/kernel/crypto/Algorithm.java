package ukcf.kernel.crypto;

/**
 * What every registered algorithm has (struct crypto_alg's cra_name, cra_driver_name, cra_priority,
 * cra_blocksize): lookups by name pick the highest priority, lookups by driver name one implementation.
 */
public sealed interface Algorithm permits BlockCipher, Hash, Skcipher {
    String name();

    String driverName();

    int priority();

    int blockSize();

    /** The module that registered it (for reference counts and /proc/crypto), or null for the host kernel. */
    default String module() { return null; }
}
