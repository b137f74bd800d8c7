/**
 * The host kernel's crypto API: the algorithm registry drivers register into, the algorithm types (cipher, shash,
 * skcipher) as Java interfaces that a driver's shells or Java code implement, and the templates the host provides
 * natively over them (ecb, cbc, ctr, hmac), so that {@code ecb(blowfish)} works once the cipher module alone is
 * loaded.
 */
package ukcf.kernel.crypto;
