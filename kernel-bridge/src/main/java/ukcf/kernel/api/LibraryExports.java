package ukcf.kernel.api;

import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import ukcf.cpu.memory.Memory;

/**
 * Kernel library functions that drivers call and the host runs natively (UKCF's point: only the driver is
 * translated): the CRCs of lib/crc32.c and the DES primitives of lib/crypto/des.c (libdes).
 */
final class LibraryExports {
    private LibraryExports() { }

    private static final int[] CRC32_LE = reflectedTable(0xEDB88320), CRC32C_LE = reflectedTable(0x82F63B78);
    private static final int[] CRC32_BE = new int[256];

    static {
        for (int n = 0; n < 256; n++) {
            int c = n << 24;
            for (int k = 0; k < 8; k++) c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04C11DB7 : c << 1;
            CRC32_BE[n] = c;
        }
    }

    private static int[] reflectedTable(int polynomial) {
        int[] table = new int[256];
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >>> 1) ^ polynomial : c >>> 1;
            table[n] = c;
        }
        return table;
    }

    /** crc32_le: the reflected IEEE CRC without the pre- and post-inversion (callers seed and invert). */
    @KernelExport(name = "crc32_le")
    static int crc32Le(KernelCall c, int crc, int data, int length) { return reflected(CRC32_LE, c.memory(), crc, data, length); }

    @KernelExport(name = "__crc32c_le")
    static int crc32cLe(KernelCall c, int crc, int data, int length) { return reflected(CRC32C_LE, c.memory(), crc, data, length); }

    @KernelExport(name = "crc32_be")
    static int crc32Be(KernelCall c, int crc, int data, int length) {
        Memory m = c.memory();
        for (int i = 0; Integer.compareUnsigned(i, length) < 0; i++) crc = (crc << 8) ^ CRC32_BE[((crc >>> 24) ^ m.read8(data + i)) & 0xFF];
        return crc;
    }

    static int reflected(int[] table, Memory m, int crc, int data, int length) {
        for (int i = 0; Integer.compareUnsigned(i, length) < 0; i++) crc = table[(crc ^ m.read8(data + i)) & 0xFF] ^ (crc >>> 8);
        return crc;
    }

    // ---- libdes: the contexts hold the raw keys in our own layout (drivers treat them as opaque) ----

    private static final int DES_KEY_SIZE = 8, DES3_EDE_KEY_SIZE = 24, DES_BLOCK_SIZE = 8;
    private static final long[] WEAK_KEYS = {0x0101010101010101L, 0xFEFEFEFEFEFEFEFEL, 0xE0E0E0E0F1F1F1F1L, 0x1F1F1F1F0E0E0E0EL};

    /** des_expand_key: -EINVAL for a wrong length, -ENOKEY (context still keyed) for one of the four weak keys. */
    @KernelExport(name = "des_expand_key")
    static int desExpandKey(KernelCall c, int context, int key, int length) {
        if (length != DES_KEY_SIZE) return GuestBytes.EINVAL;
        byte[] k = GuestBytes.read(c.memory(), key, DES_KEY_SIZE);
        GuestBytes.write(c.memory(), context, k);
        return isWeak(k, 0) ? GuestBytes.ENOKEY : 0;
    }

    @KernelExport(name = "des_encrypt")
    static void desEncrypt(KernelCall c, int context, int dst, int src) { des(c, context, dst, src, Cipher.ENCRYPT_MODE); }

    @KernelExport(name = "des_decrypt")
    static void desDecrypt(KernelCall c, int context, int dst, int src) { des(c, context, dst, src, Cipher.DECRYPT_MODE); }

    /**
     * des3_ede_expand_key: -EINVAL for a wrong length; with K1 = K2 or K2 = K3 the key degenerates to single DES,
     * which des3_ede_verify_key answers with -ENOKEY outside FIPS mode (the context is keyed all the same).
     */
    @KernelExport(name = "des3_ede_expand_key")
    static int des3ExpandKey(KernelCall c, int context, int key, int length) {
        if (length != DES3_EDE_KEY_SIZE) return GuestBytes.EINVAL;
        byte[] k = GuestBytes.read(c.memory(), key, DES3_EDE_KEY_SIZE);
        GuestBytes.write(c.memory(), context, k);
        boolean degenerate = Arrays.equals(k, 0, 8, k, 8, 16) || Arrays.equals(k, 8, 16, k, 16, 24);
        return degenerate ? GuestBytes.ENOKEY : 0;
    }

    @KernelExport(name = "des3_ede_encrypt")
    static void des3Encrypt(KernelCall c, int context, int dst, int src) { des3(c, context, dst, src, true); }

    @KernelExport(name = "des3_ede_decrypt")
    static void des3Decrypt(KernelCall c, int context, int dst, int src) { des3(c, context, dst, src, false); }

    private static void des(KernelCall c, int context, int dst, int src, int mode) {
        byte[] key = GuestBytes.read(c.memory(), context, DES_KEY_SIZE);
        GuestBytes.write(c.memory(), dst, desBlock(key, GuestBytes.read(c.memory(), src, DES_BLOCK_SIZE), mode));
    }

    /** EDE: encrypt with K1, decrypt with K2, encrypt with K3 (and the reverse to decrypt). */
    private static void des3(KernelCall c, int context, int dst, int src, boolean encrypt) {
        byte[] keys = GuestBytes.read(c.memory(), context, DES3_EDE_KEY_SIZE);
        byte[] block = GuestBytes.read(c.memory(), src, DES_BLOCK_SIZE);
        int[] order = encrypt ? new int[] {0, 1, 2} : new int[] {2, 1, 0};
        for (int i = 0; i < 3; i++) {
            boolean forward = (i == 1) != encrypt;
            block = desBlock(Arrays.copyOfRange(keys, 8 * order[i], 8 * order[i] + 8), block,
                    forward ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE);
        }
        GuestBytes.write(c.memory(), dst, block);
    }

    private static byte[] desBlock(byte[] key, byte[] block, int mode) {
        try {
            Cipher cipher = Cipher.getInstance("DES/ECB/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "DES"));
            return cipher.doFinal(block);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's DES is unavailable", e);
        }
    }

    /** One of the four DES weak keys, parity bits ignored. */
    static boolean isWeak(byte[] key, int offset) {
        long k = 0;
        for (int i = 0; i < 8; i++) k = k << 8 | (key[offset + i] & 0xFE);
        for (long weak : WEAK_KEYS) if (k == (weak & 0xFEFEFEFEFEFEFEFEL)) return true;
        return false;
    }
}
