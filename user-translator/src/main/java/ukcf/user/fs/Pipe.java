package ukcf.user.fs;

import ukcf.user.syscall.Errno;
import ukcf.user.syscall.SyscallError;

/**
 * An in-JVM pipe. Until guest processes and threads exist a reader cannot wait for a writer, so reading an empty
 * pipe whose write end is open fails with EAGAIN instead of blocking forever.
 */
public final class Pipe {
    private static final int CAPACITY = 65536;

    private byte[] data = new byte[4096];
    private int start, length;
    private int readers = 1, writers = 1;

    public OpenFile readEnd() { return new End(true); }

    public OpenFile writeEnd() { return new End(false); }

    private final class End implements OpenFile {
        private final boolean reading;

        End(boolean reading) { this.reading = reading; }

        @Override
        public int read(byte[] buffer, int offset, int count) {
            if (!reading) throw new SyscallError(Errno.EBADF);
            if (length == 0) {
                if (writers == 0) return 0;
                throw new SyscallError(Errno.EAGAIN);
            }
            int n = Math.min(count, length);
            for (int i = 0; i < n; i++) buffer[offset + i] = data[(start + i) % data.length];
            start = (start + n) % data.length;
            length -= n;
            return n;
        }

        @Override
        public int write(byte[] buffer, int offset, int count) {
            if (reading) throw new SyscallError(Errno.EBADF);
            if (readers == 0) throw new SyscallError(Errno.EPIPE);
            int n = Math.min(count, CAPACITY - length);
            if (n == 0 && count > 0) throw new SyscallError(Errno.EAGAIN);
            if (length + n > data.length) grow(length + n);
            for (int i = 0; i < n; i++) data[(start + length + i) % data.length] = buffer[offset + i];
            length += n;
            return n;
        }

        @Override
        public FileStatus status() {
            return new FileStatus(0, System.identityHashCode(Pipe.this), FileStatus.S_IFIFO | 0600, 1, 0, 0, 0, 0,
                    4096, 0, 0, 0, 0);
        }

        @Override
        public int statusFlags() { return reading ? OpenFlags.O_RDONLY : OpenFlags.O_WRONLY; }

        @Override
        public void close() {
            if (reading) readers--; else writers--;
        }
    }

    private void grow(int needed) {
        byte[] bigger = new byte[Math.max(needed, data.length * 2)];
        for (int i = 0; i < length; i++) bigger[i] = data[(start + i) % data.length];
        data = bigger;
        start = 0;
    }
}
