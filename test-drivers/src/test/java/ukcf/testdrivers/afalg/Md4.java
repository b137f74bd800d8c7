package ukcf.testdrivers.afalg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** MD4 as RFC 1320 defines it (section 3): the JDK has no MD4, and this one is checked against the RFC's suite. */
final class Md4 {
    static final int BLOCK_BYTES = 64;

    private Md4() {
    }

    static byte[] digest(byte[] message) {
        int[] state = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
        for (int[] block : paddedWords(message)) {
            compress(state, block);
        }
        ByteBuffer out = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        for (int word : state) {
            out.putInt(word);
        }
        return out.array();
    }

    /** Step 1-2 of the RFC: append 0x80, zeros to 56 mod 64, then the bit length as a little-endian 64-bit number. */
    private static int[][] paddedWords(byte[] message) {
        int blocks = (message.length + 8) / BLOCK_BYTES + 1;
        ByteBuffer padded = ByteBuffer.allocate(blocks * BLOCK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        padded.put(message).put((byte) 0x80);
        padded.putLong(blocks * BLOCK_BYTES - 8, (long) message.length * 8);
        padded.rewind();
        int[][] words = new int[blocks][16];
        for (int[] block : words) {
            for (int i = 0; i < 16; i++) {
                block[i] = padded.getInt();
            }
        }
        return words;
    }

    private static final int[] ROUND1_SHIFTS = {3, 7, 11, 19};
    private static final int[] ROUND2_SHIFTS = {3, 5, 9, 13};
    private static final int[] ROUND3_SHIFTS = {3, 9, 11, 15};
    private static final int[] ROUND2_ORDER = {0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15};
    private static final int[] ROUND3_ORDER = {0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15};

    private static void compress(int[] state, int[] x) {
        int[] r = state.clone();
        for (int i = 0; i < 16; i++) {
            int a = r[(16 - i) % 4], b = r[(17 - i) % 4], c = r[(18 - i) % 4], d = r[(19 - i) % 4];
            r[(16 - i) % 4] = Integer.rotateLeft(a + ((b & c) | (~b & d)) + x[i], ROUND1_SHIFTS[i % 4]);
        }
        for (int i = 0; i < 16; i++) {
            int a = r[(16 - i) % 4], b = r[(17 - i) % 4], c = r[(18 - i) % 4], d = r[(19 - i) % 4];
            r[(16 - i) % 4] = Integer.rotateLeft(a + ((b & c) | (b & d) | (c & d)) + x[ROUND2_ORDER[i]] + 0x5a827999,
                    ROUND2_SHIFTS[i % 4]);
        }
        for (int i = 0; i < 16; i++) {
            int a = r[(16 - i) % 4], b = r[(17 - i) % 4], c = r[(18 - i) % 4], d = r[(19 - i) % 4];
            r[(16 - i) % 4] = Integer.rotateLeft(a + (b ^ c ^ d) + x[ROUND3_ORDER[i]] + 0x6ed9eba1, ROUND3_SHIFTS[i % 4]);
        }
        for (int i = 0; i < 4; i++) {
            state[i] += r[i];
        }
    }
}
