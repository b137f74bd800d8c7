/**
 * The crypto API's shells around algorithms a driver registers: {@link ukcf.kernel.crypto.shell.CipherShell} (a
 * CRYPTO_ALG_TYPE_CIPHER {@code crypto_alg}) and {@link ukcf.kernel.crypto.shell.HashShell} (a {@code shash_alg})
 * implement the host's algorithm interfaces by calling the driver's functions with transform contexts, descriptors
 * and buffers in kernel memory; {@link ukcf.kernel.crypto.shell.CryptoShells} keeps what each module registered.
 */
package ukcf.kernel.crypto.shell;
