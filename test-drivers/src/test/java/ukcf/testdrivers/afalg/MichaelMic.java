package ukcf.testdrivers.afalg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Michael, the TKIP message integrity code (IEEE 802.11i-2004, 8.3.2.3): a 64-bit key as two little-endian words,
 * the message padded with 0x5a and 4 to 7 zero bytes to a multiple of four, each word mixed in by the block
 * function b. The kernel's michael_mic shash takes the message as given (the TKIP header is the caller's business).
 */
final class MichaelMic {
    static final int KEY_BYTES = 8;

    private MichaelMic() {
    }

    static byte[] digest(byte[] key, byte[] message) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("michael_mic key must be 8 bytes, got " + key.length);
        }
        ByteBuffer keyWords = ByteBuffer.wrap(key).order(ByteOrder.LITTLE_ENDIAN);
        int left = keyWords.getInt(), right = keyWords.getInt();
        int paddedLength = (message.length + 5 + 3) / 4 * 4;
        ByteBuffer padded = ByteBuffer.allocate(paddedLength).order(ByteOrder.LITTLE_ENDIAN);
        padded.put(message).put((byte) 0x5a).rewind();
        while (padded.hasRemaining()) {
            left ^= padded.getInt();
            right ^= Integer.rotateLeft(left, 17);
            left += right;
            right ^= ((left & 0xff00ff00) >>> 8) | ((left & 0x00ff00ff) << 8);
            left += right;
            right ^= Integer.rotateLeft(left, 3);
            left += right;
            right ^= Integer.rotateRight(left, 2);
            left += right;
        }
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(left).putInt(right).array();
    }
}
