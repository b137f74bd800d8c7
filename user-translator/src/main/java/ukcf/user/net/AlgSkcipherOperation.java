package ukcf.user.net;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import ukcf.kernel.crypto.CryptoException;
import ukcf.kernel.crypto.Skcipher;
import ukcf.user.syscall.Errno;
import ukcf.user.syscall.SyscallError;

/**
 * An accepted AF_ALG "skcipher" socket (crypto/algif_skcipher.c, af_alg_sendmsg): control messages choose the
 * operation (ALG_SET_OP) and IV (ALG_SET_IV); sent data queues up; a receive runs the cipher over what is queued,
 * whole chunks only while more data is announced (MSG_MORE), with the IV chaining from request to request.
 */
final class AlgSkcipherOperation implements Socket {
    private static final int ALG_OP_DECRYPT = 0, ALG_OP_ENCRYPT = 1;
    /** The most data queued at once: the default socket send buffer (net.core.wmem_default). */
    private static final int QUEUE_LIMIT = 212_992;

    private final Skcipher algorithm;
    private final Skcipher.Instance cipher;
    private final byte[] iv;
    private final ByteArrayOutputStream queued = new ByteArrayOutputStream();
    private boolean encrypt, more;
    private int statusFlags = 2; // O_RDWR

    AlgSkcipherOperation(Skcipher algorithm, Skcipher.Instance cipher) {
        this.algorithm = algorithm;
        this.cipher = cipher;
        this.iv = new byte[algorithm.ivSize()];
    }

    @Override
    public synchronized int send(SocketMessage message) {
        boolean init = !message.controls().isEmpty();
        Boolean newEncrypt = null;
        byte[] newIv = null;
        for (SocketMessage.ControlMessage c : message.controls()) {
            if (c.level() != AlgSocket.SOL_ALG) continue;
            ByteBuffer b = ByteBuffer.wrap(c.data()).order(ByteOrder.LITTLE_ENDIAN);
            switch (c.type()) {
                case AlgSocket.ALG_SET_OP -> {
                    if (c.data().length < 4) throw new SyscallError(Errno.EINVAL);
                    int op = b.getInt();
                    if (op != ALG_OP_DECRYPT && op != ALG_OP_ENCRYPT) throw new SyscallError(Errno.EINVAL);
                    newEncrypt = op == ALG_OP_ENCRYPT;
                }
                case AlgSocket.ALG_SET_IV -> {
                    if (c.data().length < 4) throw new SyscallError(Errno.EINVAL);
                    int length = b.getInt();
                    if (length != iv.length || c.data().length < 4 + length) throw new SyscallError(Errno.EINVAL);
                    newIv = java.util.Arrays.copyOfRange(c.data(), 4, 4 + length);
                }
                default -> throw new SyscallError(Errno.EINVAL);
            }
        }
        if (init) {
            if (queued.size() > 0 && more) throw new SyscallError(Errno.EINVAL); // a new request mid-request
            if (newEncrypt != null) encrypt = newEncrypt;
            if (newIv != null) System.arraycopy(newIv, 0, iv, 0, iv.length);
        }
        int room = QUEUE_LIMIT - queued.size();
        if (room <= 0 && message.data().length > 0) throw new SyscallError(Errno.EAGAIN);
        int n = Math.min(room, message.data().length);
        queued.write(message.data(), 0, n);
        more = message.more();
        return n;
    }

    @Override
    public synchronized Received receive(int length, int flags) {
        byte[] data = queued.toByteArray();
        int n = Math.min(length, data.length);
        int chunk = Math.max(1, algorithm.ivSize() > 0 ? algorithm.ivSize() : algorithm.blockSize());
        if (more || n < data.length) n -= n % chunk;
        if (n == 0) {
            if (data.length == 0) return new Received(new byte[0], 0, 0);
            throw new SyscallError(Errno.EINVAL);
        }
        byte[] out = new byte[n];
        try {
            if (encrypt) cipher.encrypt(iv, data, 0, out, 0, n);
            else cipher.decrypt(iv, data, 0, out, 0, n);
        } catch (CryptoException e) {
            throw new SyscallError(Errno.of(e.errno()));
        }
        queued.reset();
        queued.write(data, n, data.length - n);
        return new Received(out, n, 0);
    }

    @Override
    public int statusFlags() { return statusFlags; }

    @Override
    public void setStatusFlags(int flags) { statusFlags = flags; }
}
