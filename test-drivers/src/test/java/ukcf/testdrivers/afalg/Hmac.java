package ukcf.testdrivers.afalg;

import java.io.ByteArrayOutputStream;
import java.util.function.UnaryOperator;

/** HMAC (RFC 2104) over a hash the JDK's Mac does not offer: H((K ^ opad) || H((K ^ ipad) || message)). */
final class Hmac {
    private Hmac() {
    }

    static byte[] md4(byte[] key, byte[] message) {
        return hmac(Md4::digest, Md4.BLOCK_BYTES, key, message);
    }

    static byte[] hmac(UnaryOperator<byte[]> hash, int blockBytes, byte[] key, byte[] message) {
        byte[] block = new byte[blockBytes];
        byte[] shortKey = key.length > blockBytes ? hash.apply(key) : key;
        System.arraycopy(shortKey, 0, block, 0, shortKey.length);
        return hash.apply(concat(xor(block, 0x5c), hash.apply(concat(xor(block, 0x36), message))));
    }

    private static byte[] xor(byte[] block, int pad) {
        byte[] out = new byte[block.length];
        for (int i = 0; i < block.length; i++) {
            out[i] = (byte) (block[i] ^ pad);
        }
        return out;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        out.writeBytes(second);
        return out.toByteArray();
    }
}
