package ukcf.testdrivers.afalg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The kernel's "crc32" shash (crypto/crc32_generic.c): the key is a little-endian 32-bit seed (0 when no key is
 * set), update is crc32_le (the reflected CRC-32 polynomial 0xedb88320, no inversion on entry), and the digest is
 * the little-endian register with no final inversion. zlib's CRC-32 is the special case ~crc32_le(~0, data), which
 * is how {@code KernelCrc32Test} ties this to java.util.zip.CRC32.
 */
final class KernelCrc32 {
    static final int KEY_BYTES = 4;
    private static final int REFLECTED_POLYNOMIAL = 0xedb88320;

    private KernelCrc32() {
    }

    static int crc32Le(int seed, byte[] data) {
        int crc = seed;
        for (byte b : data) {
            crc ^= b & 0xff;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc >>> 1) ^ ((crc & 1) != 0 ? REFLECTED_POLYNOMIAL : 0);
            }
        }
        return crc;
    }

    static byte[] digest(byte[] key, byte[] data) {
        if (key.length != 0 && key.length != KEY_BYTES) {
            throw new IllegalArgumentException("crc32 key must be 4 bytes, got " + key.length);
        }
        int seed = key.length == 0 ? 0 : ByteBuffer.wrap(key).order(ByteOrder.LITTLE_ENDIAN).getInt();
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(crc32Le(seed, data)).array();
    }
}
