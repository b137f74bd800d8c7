package ukcf.user.fs;

import ukcf.user.syscall.Errno;
import ukcf.user.syscall.SyscallError;

/**
 * An open file description: what a guest file descriptor refers to (several descriptors may share one after dup).
 * Operations a kind of file does not support fail as Linux fails them.
 */
public interface OpenFile {
    /** Reads up to {@code length} bytes; 0 at end of file. */
    default int read(byte[] buffer, int offset, int length) { throw new SyscallError(Errno.EBADF); }

    default int write(byte[] buffer, int offset, int length) { throw new SyscallError(Errno.EBADF); }

    /** lseek: returns the new offset. */
    default long seek(long offset, int whence) { throw new SyscallError(Errno.ESPIPE); }

    FileStatus status();

    /** The host descriptor behind this file when it is one of the host's standard streams, else -1. */
    default int hostDescriptor() { return -1; }

    /** Directory entries for getdents64, or ENOTDIR. */
    default DirectoryListing directory() { throw new SyscallError(Errno.ENOTDIR); }

    /** The O_* status flags (access mode, O_APPEND, O_NONBLOCK...) for F_GETFL. */
    int statusFlags();

    default void setStatusFlags(int flags) { }

    /** A directory's canonical guest path (where *at calls with it start, fchdir's target), or null for a file. */
    default String directoryGuestPath() { return null; }

    /** What readlink of /proc/self/fd/N answers for a file without a path (Linux's "pipe:[inode]"...). */
    default String linkName() { return "anon_inode:[" + getClass().getSimpleName() + "]"; }

    /** Called when the last descriptor referring to this file is closed. */
    default void close() { }
}
