package ukcf.user.net;

import ukcf.kernel.crypto.CryptoException;
import ukcf.kernel.crypto.Hash;
import ukcf.user.syscall.Errno;
import ukcf.user.syscall.SyscallError;

/**
 * An accepted AF_ALG "hash" socket (crypto/algif_hash.c): data sent with MSG_MORE extends the running hash, a send
 * without it completes it; a receive returns the digest (cut to the buffer, with MSG_TRUNC) and, with nothing
 * sent, the digest of the empty message. The transform (and its key) is the bound socket's.
 */
final class AlgHashOperation implements Socket {
    private final Hash algorithm;
    private final Hash.Instance hash;
    private boolean running, more;
    private byte[] result;
    private int statusFlags = 2; // O_RDWR

    AlgHashOperation(Hash algorithm, Hash.Instance hash) {
        this.algorithm = algorithm;
        this.hash = hash;
    }

    @Override
    public synchronized int send(SocketMessage message) {
        try {
            if (!running) {
                hash.init();
                running = true;
                result = null;
            }
            hash.update(message.data(), 0, message.data().length);
            more = message.more();
            if (!more) {
                result = hash.finish();
                running = false;
            }
        } catch (CryptoException e) {
            running = false;
            throw new SyscallError(Errno.of(e.errno()));
        }
        return message.data().length;
    }

    @Override
    public synchronized Received receive(int length, int flags) {
        try {
            if (result == null) {
                if (!running) hash.init();
                result = hash.finish();
                running = false;
                more = false;
            }
        } catch (CryptoException e) {
            throw new SyscallError(Errno.of(e.errno()));
        }
        int digest = algorithm.digestSize();
        int n = Math.min(length, digest);
        byte[] out = java.util.Arrays.copyOf(result, n);
        result = null;
        return new Received(out, digest, n < digest ? MSG_TRUNC : 0);
    }

    @Override
    public int statusFlags() { return statusFlags; }

    @Override
    public void setStatusFlags(int flags) { statusFlags = flags; }
}
