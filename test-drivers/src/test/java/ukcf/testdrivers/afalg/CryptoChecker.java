package ukcf.testdrivers.afalg;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes what the kernel should answer for an afalg case, independently of the kernel: the JDK's providers
 * for Blowfish, DES, triple DES (ECB/CBC/CTR), SHA-3 and HMAC-SHA3, and our own small implementations of what
 * the JDK lacks (MD4, Michael MIC, the kernel's crc32 convention, HMAC over MD4). Algorithms are rows of a table
 * keyed by the kernel's AF_ALG name.
 */
final class CryptoChecker {
    @FunctionalInterface
    private interface Computation {
        byte[] compute(AfalgCase c) throws GeneralSecurityException;
    }

    private static final Map<String, Computation> ALGORITHMS = Map.ofEntries(
            Map.entry("ecb(blowfish)", c -> cipher("Blowfish/ECB/NoPadding", "Blowfish", c)),
            Map.entry("cbc(blowfish)", c -> cipher("Blowfish/CBC/NoPadding", "Blowfish", c)),
            Map.entry("ctr(blowfish)", c -> cipher("Blowfish/CTR/NoPadding", "Blowfish", c)),
            Map.entry("ecb(des)", c -> cipher("DES/ECB/NoPadding", "DES", c)),
            Map.entry("cbc(des)", c -> cipher("DES/CBC/NoPadding", "DES", c)),
            Map.entry("ctr(des)", c -> cipher("DES/CTR/NoPadding", "DES", c)),
            Map.entry("ecb(des3_ede)", c -> cipher("DESede/ECB/NoPadding", "DESede", c)),
            Map.entry("cbc(des3_ede)", c -> cipher("DESede/CBC/NoPadding", "DESede", c)),
            Map.entry("md4", c -> Md4.digest(c.input())),
            Map.entry("sha3-224", c -> MessageDigest.getInstance("SHA3-224").digest(c.input())),
            Map.entry("sha3-256", c -> MessageDigest.getInstance("SHA3-256").digest(c.input())),
            Map.entry("sha3-384", c -> MessageDigest.getInstance("SHA3-384").digest(c.input())),
            Map.entry("sha3-512", c -> MessageDigest.getInstance("SHA3-512").digest(c.input())),
            Map.entry("michael_mic", c -> MichaelMic.digest(c.key(), c.input())),
            Map.entry("crc32", c -> KernelCrc32.digest(c.key(), c.input())),
            Map.entry("hmac(md4)", c -> Hmac.md4(c.key(), c.input())),
            Map.entry("hmac(sha3-256)", c -> jdkMac("HmacSHA3-256", c)));

    private CryptoChecker() {
    }

    static Set<String> algorithms() {
        return new TreeSet<>(ALGORITHMS.keySet());
    }

    /** The expected output in hex, or empty when the algorithm is not one the checker knows. */
    static Optional<String> expected(AfalgCase c) throws GeneralSecurityException {
        Computation computation = ALGORITHMS.get(c.algorithm());
        return computation == null ? Optional.empty() : Optional.of(AfalgCase.hex(computation.compute(c)));
    }

    private static byte[] cipher(String transformation, String keyAlgorithm, AfalgCase c)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(transformation);
        int mode = switch (c.operation()) {
            case "encrypt" -> Cipher.ENCRYPT_MODE;
            case "decrypt" -> Cipher.DECRYPT_MODE;
            default -> throw new IllegalArgumentException("a cipher case must encrypt or decrypt: " + c.describe());
        };
        SecretKeySpec key = new SecretKeySpec(c.key(), keyAlgorithm);
        if (c.iv().length == 0) {
            cipher.init(mode, key);
        } else {
            cipher.init(mode, key, new IvParameterSpec(c.iv()));
        }
        return cipher.doFinal(c.input());
    }

    private static byte[] jdkMac(String algorithm, AfalgCase c) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(c.key(), algorithm));
        return mac.doFinal(c.input());
    }
}
