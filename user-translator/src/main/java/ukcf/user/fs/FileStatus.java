package ukcf.user.fs;

/**
 * What stat(2) says about a file, in host terms: times in nanoseconds since the epoch, {@code device} and
 * {@code rdev} in Linux's dev_t encoding. The syscall layer lays it out as struct stat64 or statx.
 */
public record FileStatus(long device, long inode, int mode, long links, int uid, int gid, long rdev, long size,
                         int blockSize, long blocks, long accessNanos, long modifyNanos, long changeNanos) {
    public static final int S_IFMT = 0170000, S_IFSOCK = 0140000, S_IFLNK = 0120000, S_IFREG = 0100000,
            S_IFBLK = 0060000, S_IFDIR = 0040000, S_IFCHR = 0020000, S_IFIFO = 0010000;

    public boolean isDirectory() { return (mode & S_IFMT) == S_IFDIR; }

    /** The dirent d_type for this file type (DT_* = S_IFMT >> 12). */
    public int directoryEntryType() { return (mode & S_IFMT) >>> 12; }

    public static long major(long device) { return ((device >>> 8) & 0xfff) | ((device >>> 32) & ~0xfffL); }

    public static long minor(long device) { return (device & 0xff) | ((device >>> 12) & ~0xffL); }
}
