package ukcf.user.fs;

import ukcf.user.syscall.Errno;
import ukcf.user.syscall.SyscallError;

/**
 * A read-only file whose contents ukcf generates when it is opened (/proc/self/maps...). Like procfs files it
 * reports size 0 in stat.
 */
public final class MemoryFile implements OpenFile {
    private static final int SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2;

    private final byte[] contents;
    private final int flags;
    private long position;

    public MemoryFile(byte[] contents, int flags) {
        this.contents = contents;
        this.flags = flags;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (position >= contents.length) return 0;
        int n = (int) Math.min(length, contents.length - position);
        System.arraycopy(contents, (int) position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public long seek(long offset, int whence) {
        long base = switch (whence) {
            case SEEK_SET -> 0;
            case SEEK_CUR -> position;
            case SEEK_END -> contents.length;
            default -> throw new SyscallError(Errno.EINVAL);
        };
        if (base + offset < 0) throw new SyscallError(Errno.EINVAL);
        position = base + offset;
        return position;
    }

    /** What stat says of every generated file: a read-only regular file of size 0, as procfs answers. */
    public static final FileStatus STATUS = new FileStatus(0, 0, FileStatus.S_IFREG | 0444, 1, 0, 0, 0, 0, 1024, 0,
            0, 0, 0);

    @Override
    public FileStatus status() { return STATUS; }

    @Override
    public int statusFlags() { return flags; }
}
