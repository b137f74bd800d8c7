package ukcf.user.fs;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import ukcf.user.syscall.Errno;
import ukcf.user.syscall.SyscallError;

/** One of the host's standard streams (descriptor 0, 1 or 2) handed to the guest under the same number. */
public final class StandardStream implements OpenFile {
    private final int hostDescriptor;
    private final FileInputStream in;
    private final FileOutputStream out;

    private StandardStream(int hostDescriptor, FileInputStream in, FileOutputStream out) {
        this.hostDescriptor = hostDescriptor;
        this.in = in;
        this.out = out;
    }

    public static StandardStream input() { return new StandardStream(0, new FileInputStream(FileDescriptor.in), null); }

    public static StandardStream output() { return new StandardStream(1, null, new FileOutputStream(FileDescriptor.out)); }

    public static StandardStream error() { return new StandardStream(2, null, new FileOutputStream(FileDescriptor.err)); }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (in == null) throw new SyscallError(Errno.EBADF);
        try {
            return Math.max(in.read(buffer, offset, length), 0);
        } catch (IOException e) {
            throw new SyscallError(Errno.EIO);
        }
    }

    @Override
    public int write(byte[] buffer, int offset, int length) {
        if (out == null) throw new SyscallError(Errno.EBADF);
        try {
            out.write(buffer, offset, length);
            return length;
        } catch (IOException e) {
            throw new SyscallError(Errno.EPIPE);
        }
    }

    @Override
    public long seek(long offset, int whence) {
        FileStatus s = status();
        if ((s.mode() & FileStatus.S_IFMT) != FileStatus.S_IFREG) throw new SyscallError(Errno.ESPIPE);
        // A redirected regular file: Java cannot move the shared host offset of a standard stream.
        throw new SyscallError(Errno.ESPIPE);
    }

    /** The host's view of the stream via /proc/self/fd; a character device where that is unavailable. */
    @Override
    public FileStatus status() {
        try {
            return HostFiles.status(Path.of("/proc/self/fd/" + hostDescriptor), true);
        } catch (SyscallError e) {
            return new FileStatus(0, 0, FileStatus.S_IFCHR | 0620, 1, 0, 0, 0, 0, 1024, 0, 0, 0, 0);
        }
    }

    @Override
    public int hostDescriptor() { return hostDescriptor; }

    @Override
    public int statusFlags() { return in != null ? OpenFlags.O_RDONLY : OpenFlags.O_WRONLY; }
}
