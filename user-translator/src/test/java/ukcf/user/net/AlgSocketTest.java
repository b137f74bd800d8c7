package ukcf.user.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import ukcf.kernel.crypto.BlockCipher;
import ukcf.kernel.crypto.CryptoException;
import ukcf.kernel.crypto.CryptoRegistry;
import ukcf.kernel.crypto.Hash;
import ukcf.kernel.crypto.Skcipher;
import ukcf.user.syscall.Errno;
import ukcf.user.syscall.SyscallError;

/**
 * AF_ALG socket semantics (bind, keys, accept, MSG_MORE, IV chaining, truncation) over toy algorithms: the
 * socket must give exactly what the crypto API gives when called directly.
 */
class AlgSocketTest {
    /** A toy 8-byte block cipher: add the key bytes, rotate; enough to make order and chaining visible. */
    private static final BlockCipher TOY = new BlockCipher() {
        public String name() { return "toy"; }
        public String driverName() { return "toy-test"; }
        public int priority() { return 100; }
        public int blockSize() { return 8; }
        public int minKeySize() { return 8; }
        public int maxKeySize() { return 8; }

        public Instance newInstance() {
            return new Instance() {
                private byte[] key;

                public void setKey(byte[] k) throws CryptoException {
                    if (k.length != 8) throw new CryptoException(CryptoException.EINVAL, "key");
                    key = k.clone();
                }

                public void encrypt(byte[] in, int i, byte[] out, int o) {
                    byte[] t = new byte[8];
                    for (int k = 0; k < 8; k++) t[(k + 1) % 8] = (byte) (in[i + k] + key[k]);
                    System.arraycopy(t, 0, out, o, 8);
                }

                public void decrypt(byte[] in, int i, byte[] out, int o) {
                    byte[] t = new byte[8];
                    for (int k = 0; k < 8; k++) t[k] = (byte) (in[i + (k + 1) % 8] - key[k]);
                    System.arraycopy(t, 0, out, o, 8);
                }
            };
        }
    };

    /** A toy 4-byte sum hash with block size 16. */
    private static final Hash SUM = new Hash() {
        public String name() { return "sum"; }
        public String driverName() { return "sum-test"; }
        public int priority() { return 100; }
        public int blockSize() { return 16; }
        public int digestSize() { return 4; }
        public boolean keyed() { return false; }

        public Instance newInstance() {
            return new Instance() {
                private int sum;

                public void setKey(byte[] key) { }
                public void init() { sum = 0; }
                public void update(byte[] d, int off, int len) { for (int i = 0; i < len; i++) sum = sum * 31 + d[off + i]; }
                public byte[] finish() { return ByteBuffer.allocate(4).putInt(sum).array(); }
                public byte[] exportState() { return finish(); }
                public void importState(byte[] s) { sum = ByteBuffer.wrap(s).getInt(); }
            };
        }
    };

    private static CryptoRegistry registry() throws CryptoException {
        CryptoRegistry r = new CryptoRegistry();
        r.register(TOY);
        r.register(SUM);
        return r;
    }

    private static byte[] address(String type, String name) {
        ByteBuffer b = ByteBuffer.allocate(88).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) AlgSocket.AF_ALG);
        b.put(2, type.getBytes(StandardCharsets.ISO_8859_1));
        b.put(24, name.getBytes(StandardCharsets.ISO_8859_1));
        return b.array();
    }

    private static SocketMessage.ControlMessage op(boolean encrypt) {
        return new SocketMessage.ControlMessage(AlgSocket.SOL_ALG, AlgSocket.ALG_SET_OP,
                ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(encrypt ? 1 : 0).array());
    }

    private static SocketMessage.ControlMessage iv(byte[] iv) {
        return new SocketMessage.ControlMessage(AlgSocket.SOL_ALG, AlgSocket.ALG_SET_IV,
                ByteBuffer.allocate(4 + iv.length).order(ByteOrder.LITTLE_ENDIAN).putInt(iv.length).put(iv).array());
    }

    @Test
    void skcipherWithMoreDataAndChainedIvEqualsOneDirectRequest() throws Exception {
        CryptoRegistry crypto = registry();
        AlgSocket tfm = new AlgSocket(crypto, 2);
        tfm.bind(address("skcipher", "cbc(toy)"));
        assertEquals(Errno.ENOKEY, assertThrows(SyscallError.class, tfm::accept).errno());
        byte[] key = {1, 2, 3, 4, 5, 6, 7, 8}, ivBytes = {9, 8, 7, 6, 5, 4, 3, 2}, data = new byte[40];
        new Random(1).nextBytes(data);
        tfm.setOption(AlgSocket.SOL_ALG, AlgSocket.ALG_SET_KEY, key);
        Socket op = (Socket) tfm.accept();

        op.send(new SocketMessage(java.util.Arrays.copyOf(data, 13), List.of(op(true), iv(ivBytes)), Socket.MSG_MORE));
        byte[] first = op.receive(64, 0).data();
        assertEquals(8, first.length, "with more to come only whole blocks are processed");
        op.send(new SocketMessage(java.util.Arrays.copyOfRange(data, 13, 40), List.of(), 0));
        byte[] rest = op.receive(64, 0).data();

        Skcipher.Instance direct = crypto.find("cbc(toy)", Skcipher.class).newInstance();
        direct.setKey(key);
        byte[] expected = new byte[40];
        direct.encrypt(ivBytes.clone(), data, 0, expected, 0, 40);
        byte[] got = new byte[40];
        System.arraycopy(first, 0, got, 0, 8);
        System.arraycopy(rest, 0, got, 8, 32);
        assertArrayEquals(expected, got);

        op.send(new SocketMessage(expected, List.of(op(false), iv(ivBytes)), 0));
        assertArrayEquals(data, op.receive(64, 0).data());

        op.send(new SocketMessage(new byte[5], List.of(op(true)), 0));
        assertEquals(Errno.EINVAL, assertThrows(SyscallError.class, () -> op.receive(64, 0)).errno(), "cbc of 5 bytes");
    }

    @Test
    void hashSendsReceivesTruncatesAndHashesTheEmptyMessage() throws Exception {
        CryptoRegistry crypto = registry();
        AlgSocket tfm = new AlgSocket(crypto, 2);
        tfm.bind(address("hash", "sum"));
        Socket op = (Socket) tfm.accept();
        Hash.Instance direct = SUM.newInstance();
        direct.init();
        direct.update("abcdef".getBytes(), 0, 6);
        byte[] expected = direct.finish();
        op.send(new SocketMessage("abc".getBytes(), List.of(), Socket.MSG_MORE));
        op.send(new SocketMessage("def".getBytes(), List.of(), 0));
        assertArrayEquals(expected, op.receive(64, 0).data());

        op.write("abcdef".getBytes(), 0, 6);
        Socket.Received cut = op.receive(2, 0);
        assertArrayEquals(java.util.Arrays.copyOf(expected, 2), cut.data());
        assertEquals(Socket.MSG_TRUNC, cut.flags());

        direct.init();
        assertArrayEquals(direct.finish(), op.receive(64, 0).data(), "nothing sent: the empty message's digest");
    }

    @Test
    void bindAndOptionErrorsAreLinuxs() throws Exception {
        AlgSocket tfm = new AlgSocket(registry(), 2);
        assertEquals(Errno.ENOENT, assertThrows(SyscallError.class, () -> tfm.bind(address("skcipher", "xts(toy)"))).errno());
        assertEquals(Errno.ENOENT, assertThrows(SyscallError.class, () -> tfm.bind(address("aead", "toy"))).errno());
        assertEquals(Errno.ENOENT, assertThrows(SyscallError.class,
                () -> tfm.setOption(AlgSocket.SOL_ALG, AlgSocket.ALG_SET_KEY, new byte[8])).errno(), "not bound");
        assertEquals(Errno.EINVAL, assertThrows(SyscallError.class, tfm::accept).errno());
        tfm.bind(address("skcipher", "ecb(toy)"));
        assertEquals(Errno.EINVAL, assertThrows(SyscallError.class,
                () -> tfm.setOption(AlgSocket.SOL_ALG, AlgSocket.ALG_SET_KEY, new byte[5])).errno());
        assertEquals(Errno.ENOPROTOOPT, assertThrows(SyscallError.class,
                () -> tfm.setOption(AlgSocket.SOL_ALG, 99, new byte[8])).errno());
    }
}
