package ukcf.user.net;

import ukcf.user.fs.FileStatus;
import ukcf.user.fs.OpenFile;
import ukcf.user.syscall.Errno;
import ukcf.user.syscall.SyscallError;

/**
 * A socket as an open file: the socket calls a kind of socket does not support fail as Linux's sock_no_* stubs
 * do (EOPNOTSUPP), read and write are a receive and a send without flags.
 */
public interface Socket extends OpenFile {
    int MSG_TRUNC = 0x20, MSG_MORE = 0x8000;

    default void bind(byte[] address) { throw new SyscallError(Errno.EOPNOTSUPP); }

    default void setOption(int level, int name, byte[] value) { throw new SyscallError(Errno.ENOPROTOOPT); }

    default OpenFile accept() { throw new SyscallError(Errno.EOPNOTSUPP); }

    /** Sends {@code message}; answers the bytes of data taken. */
    default int send(SocketMessage message) { throw new SyscallError(Errno.EOPNOTSUPP); }

    /** Receives at most {@code length} bytes; {@link Received#flags} may carry MSG_TRUNC. */
    default Received receive(int length, int flags) { throw new SyscallError(Errno.EOPNOTSUPP); }

    /** What a receive produced: the bytes, the message's full length and the msg_flags to report. */
    record Received(byte[] data, int fullLength, int flags) { }

    @Override
    default int read(byte[] buffer, int offset, int length) {
        Received r = receive(length, 0);
        System.arraycopy(r.data(), 0, buffer, offset, r.data().length);
        return r.data().length;
    }

    @Override
    default int write(byte[] buffer, int offset, int length) {
        return send(new SocketMessage(java.util.Arrays.copyOfRange(buffer, offset, offset + length),
                java.util.List.of(), 0));
    }

    @Override
    default FileStatus status() {
        return new FileStatus(0, System.identityHashCode(this), FileStatus.S_IFSOCK | 0777, 1, 0, 0, 0, 0, 4096,
                0, 0, 0, 0);
    }
}
