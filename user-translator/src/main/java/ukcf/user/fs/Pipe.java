package ukcf.user.fs;

import ukcf.user.syscall.Errno;
import ukcf.user.syscall.SyscallError;

/**
 * An in-JVM pipe between guest processes (each on its own thread): a reader waits while the pipe is empty and a
 * write end is open, a writer while it is full and a read end is open, as in Linux's fs/pipe.c; writing with no
 * reader left is EPIPE (the system call layer raises SIGPIPE as well).
 */
public final class Pipe {
    /** Linux's default pipe capacity (16 pages). */
    private static final int CAPACITY = 65536;

    private final byte[] data = new byte[CAPACITY];
    private int start, length;
    private int readers = 1, writers = 1;

    public OpenFile readEnd() { return new End(true); }

    public OpenFile writeEnd() { return new End(false); }

    private synchronized int read(byte[] buffer, int offset, int count, boolean nonblocking) {
        if (count == 0) return 0;
        while (length == 0) {
            if (writers == 0) return 0;
            if (nonblocking) throw new SyscallError(Errno.EAGAIN);
            awaitChange();
        }
        int n = Math.min(count, length);
        for (int i = 0; i < n; i++) buffer[offset + i] = data[(start + i) % CAPACITY];
        start = (start + n) % CAPACITY;
        length -= n;
        notifyAll();
        return n;
    }

    private synchronized int write(byte[] buffer, int offset, int count, boolean nonblocking) {
        int written = 0;
        while (written < count) {
            if (readers == 0) {
                if (written > 0) return written;
                throw new SyscallError(Errno.EPIPE);
            }
            if (length == CAPACITY) {
                if (nonblocking) {
                    if (written > 0) return written;
                    throw new SyscallError(Errno.EAGAIN);
                }
                awaitChange();
                continue;
            }
            int n = Math.min(count - written, CAPACITY - length);
            for (int i = 0; i < n; i++) data[(start + length + i) % CAPACITY] = buffer[offset + written + i];
            length += n;
            written += n;
            notifyAll();
        }
        return written;
    }

    private void awaitChange() {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyscallError(Errno.EINTR);
        }
    }

    private synchronized void closeEnd(boolean reading) {
        if (reading) readers--; else writers--;
        notifyAll();
    }

    private final class End implements OpenFile {
        private final boolean reading;
        private volatile boolean nonblocking;

        End(boolean reading) { this.reading = reading; }

        @Override
        public int read(byte[] buffer, int offset, int count) {
            if (!reading) throw new SyscallError(Errno.EBADF);
            return Pipe.this.read(buffer, offset, count, nonblocking);
        }

        @Override
        public int write(byte[] buffer, int offset, int count) {
            if (reading) throw new SyscallError(Errno.EBADF);
            return Pipe.this.write(buffer, offset, count, nonblocking);
        }

        @Override
        public FileStatus status() {
            return new FileStatus(0, System.identityHashCode(Pipe.this), FileStatus.S_IFIFO | 0600, 1, 0, 0, 0, 0,
                    4096, 0, 0, 0, 0);
        }

        @Override
        public String linkName() { return "pipe:[" + Integer.toUnsignedString(System.identityHashCode(Pipe.this)) + "]"; }

        @Override
        public int statusFlags() {
            return (reading ? OpenFlags.O_RDONLY : OpenFlags.O_WRONLY) | (nonblocking ? OpenFlags.O_NONBLOCK : 0);
        }

        /** O_NONBLOCK (fcntl F_SETFL): an empty read or a full write answers EAGAIN instead of waiting. */
        @Override
        public void setStatusFlags(int flags) { nonblocking = (flags & OpenFlags.O_NONBLOCK) != 0; }

        @Override
        public void close() { closeEnd(reading); }
    }
}
