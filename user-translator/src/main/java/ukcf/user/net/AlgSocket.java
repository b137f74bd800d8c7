package ukcf.user.net;

import java.nio.charset.StandardCharsets;
import ukcf.kernel.crypto.Algorithm;
import ukcf.kernel.crypto.CryptoException;
import ukcf.kernel.crypto.CryptoRegistry;
import ukcf.kernel.crypto.Hash;
import ukcf.kernel.crypto.Skcipher;
import ukcf.user.abi.StructLayout;
import ukcf.user.fs.OpenFile;
import ukcf.user.syscall.Errno;
import ukcf.user.syscall.SyscallError;

/**
 * An AF_ALG socket before accept (crypto/af_alg.c): bind names an algorithm type ("hash", "skcipher") and name,
 * which creates the transform; setsockopt(SOL_ALG, ALG_SET_KEY) keys it; accept gives an operation socket that
 * runs requests on it ({@link AlgHashOperation}, {@link AlgSkcipherOperation}).
 */
public final class AlgSocket implements Socket {
    public static final int AF_ALG = 38, SOL_ALG = 279;
    static final int ALG_SET_KEY = 1, ALG_SET_IV = 2, ALG_SET_OP = 3;
    private static final StructLayout ADDRESS = StructLayout.of("sockaddr_alg");

    private final CryptoRegistry crypto;
    private Algorithm algorithm;
    private Hash.Instance hash;
    private Skcipher.Instance cipher;
    private boolean keyed;
    private int accepted;
    private int statusFlags;

    public AlgSocket(CryptoRegistry crypto, int statusFlags) {
        this.crypto = crypto;
        this.statusFlags = statusFlags;
    }

    @Override
    public synchronized void bind(byte[] address) {
        if (address.length < ADDRESS.offset("salg_name") + 1) throw new SyscallError(Errno.EINVAL);
        if ((address[0] & 0xFF | (address[1] & 0xFF) << 8) != AF_ALG) throw new SyscallError(Errno.EINVAL);
        if (accepted > 0) throw new SyscallError(Errno.EBUSY);
        String type = cString(address, ADDRESS.offset("salg_type"), ADDRESS.field("salg_type").size());
        String name = cString(address, ADDRESS.offset("salg_name"),
                Math.min(ADDRESS.field("salg_name").size(), address.length - ADDRESS.offset("salg_name")));
        try {
            switch (type) {
                case "hash" -> {
                    Hash h = crypto.find(name, Hash.class);
                    Hash.Instance instance = h.newInstance();
                    close();
                    algorithm = h;
                    hash = instance;
                }
                case "skcipher" -> {
                    Skcipher k = crypto.find(name, Skcipher.class);
                    Skcipher.Instance instance = k.newInstance();
                    close();
                    algorithm = k;
                    cipher = instance;
                }
                default -> throw new SyscallError(Errno.ENOENT); // aead, rng...: not provided
            }
        } catch (CryptoException e) {
            throw new SyscallError(Errno.of(e.errno()));
        }
        keyed = false;
    }

    @Override
    public synchronized void setOption(int level, int name, byte[] value) {
        if (level != SOL_ALG || algorithm == null) throw new SyscallError(Errno.ENOENT);
        if (name != ALG_SET_KEY) throw new SyscallError(Errno.ENOPROTOOPT);
        try {
            if (hash != null) {
                if (!((Hash) algorithm).keyed()) throw new SyscallError(Errno.ENOPROTOOPT);
                hash.setKey(value);
            } else {
                cipher.setKey(value);
            }
        } catch (CryptoException e) {
            throw new SyscallError(Errno.of(e.errno()));
        }
        keyed = true;
    }

    @Override
    public synchronized OpenFile accept() {
        if (algorithm == null) throw new SyscallError(Errno.EINVAL);
        if (hash != null) {
            Hash h = (Hash) algorithm;
            if (h.keyed() && !h.keyOptional() && !keyed) throw new SyscallError(Errno.ENOKEY);
            accepted++;
            return new AlgHashOperation(h, hash);
        }
        if (!keyed) throw new SyscallError(Errno.ENOKEY);
        accepted++;
        return new AlgSkcipherOperation((Skcipher) algorithm, cipher);
    }

    @Override
    public int statusFlags() { return statusFlags; }

    @Override
    public void setStatusFlags(int flags) { statusFlags = flags; }

    @Override
    public synchronized void close() {
        if (hash != null) hash.close();
        if (cipher != null) cipher.close();
        hash = null;
        cipher = null;
    }

    private static String cString(byte[] bytes, int offset, int max) {
        int end = offset;
        while (end < offset + max && end < bytes.length && bytes[end] != 0) end++;
        return new String(bytes, offset, end - offset, StandardCharsets.ISO_8859_1);
    }
}
