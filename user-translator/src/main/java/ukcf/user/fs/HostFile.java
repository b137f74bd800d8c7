package ukcf.user.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import ukcf.user.syscall.Errno;
import ukcf.user.syscall.SyscallError;

/** A regular (or device) host file opened through a {@link FileChannel}. */
public final class HostFile implements OpenFile {
    private static final int SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2;

    private final Path path;
    private final String guestPath;
    private final FileChannel channel;
    private int flags;

    /** @param guestPath the canonical guest path it was opened by (/proc/self/fd/N, /proc/self/maps) */
    public HostFile(Path path, String guestPath, FileChannel channel, int flags) {
        this.path = path;
        this.guestPath = guestPath;
        this.channel = channel;
        this.flags = flags;
    }

    public Path path() { return path; }

    /** Whether the descriptor was opened for reading / writing (mmap's EACCES checks). */
    public boolean readable() { return OpenFlags.readable(flags); }

    public boolean writable() { return OpenFlags.writable(flags); }

    public String guestPath() { return guestPath; }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (!OpenFlags.readable(flags)) throw new SyscallError(Errno.EBADF);
        SharedFilePages.beforeAccess(path);
        try {
            int n = channel.read(ByteBuffer.wrap(buffer, offset, length));
            return Math.max(n, 0);
        } catch (IOException e) {
            throw HostFiles.error(e);
        }
    }

    @Override
    public int write(byte[] buffer, int offset, int length) {
        if (!OpenFlags.writable(flags)) throw new SyscallError(Errno.EBADF);
        SharedFilePages.beforeAccess(path);
        try {
            if ((flags & OpenFlags.O_APPEND) != 0) channel.position(channel.size());
            return channel.write(ByteBuffer.wrap(buffer, offset, length));
        } catch (IOException e) {
            throw HostFiles.error(e);
        } finally {
            SharedFilePages.afterChange(path);
        }
    }

    /** pwrite: writes at an absolute position without moving the offset (at the end with O_APPEND, as Linux). */
    public int writeAt(long position, byte[] buffer, int offset, int length) {
        if (!OpenFlags.writable(flags)) throw new SyscallError(Errno.EBADF);
        if (position < 0) throw new SyscallError(Errno.EINVAL);
        SharedFilePages.beforeAccess(path);
        try {
            long at = (flags & OpenFlags.O_APPEND) != 0 ? channel.size() : position;
            int total = 0;
            while (total < length) total += channel.write(ByteBuffer.wrap(buffer, offset + total, length - total), at + total);
            return total;
        } catch (IOException e) {
            throw HostFiles.error(e);
        } finally {
            SharedFilePages.afterChange(path);
        }
    }

    @Override
    public long seek(long offset, int whence) {
        try {
            long base = switch (whence) {
                case SEEK_SET -> 0;
                case SEEK_CUR -> channel.position();
                case SEEK_END -> channel.size();
                default -> throw new SyscallError(Errno.EINVAL);
            };
            long target = base + offset;
            if (target < 0) throw new SyscallError(Errno.EINVAL);
            channel.position(target);
            return target;
        } catch (IOException e) {
            throw HostFiles.error(e);
        }
    }

    /** Reads at an absolute position without moving the file offset (file-backed mmap, pread). */
    public int readAt(long position, byte[] buffer, int offset, int length) {
        if (position < 0) throw new SyscallError(Errno.EINVAL);
        SharedFilePages.beforeAccess(path);
        try {
            int total = 0;
            while (total < length) {
                int n = channel.read(ByteBuffer.wrap(buffer, offset + total, length - total), position + total);
                if (n <= 0) break;
                total += n;
            }
            return total;
        } catch (IOException e) {
            throw HostFiles.error(e);
        }
    }

    /** ftruncate: the file's new length, zero-extended or cut. */
    public void truncate(long length) {
        if (length < 0 || !OpenFlags.writable(flags)) throw new SyscallError(Errno.EINVAL);
        SharedFilePages.beforeAccess(path);
        try {
            long size = channel.size();
            if (length < size) {
                channel.truncate(length);
            } else if (length > size) {
                channel.write(ByteBuffer.wrap(new byte[1]), length - 1);
            }
        } catch (IOException e) {
            throw HostFiles.error(e);
        } finally {
            SharedFilePages.afterChange(path);
        }
    }

    @Override
    public FileStatus status() { return HostFiles.status(path, true); }

    @Override
    public int statusFlags() { return flags; }

    @Override
    public void setStatusFlags(int newFlags) {
        flags = OpenFlags.setStatus(flags, newFlags);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // close(2) of a regular file reports nothing useful to the guest either.
        }
    }
}
