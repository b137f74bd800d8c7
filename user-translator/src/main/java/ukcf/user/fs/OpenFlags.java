package ukcf.user.fs;

/** Linux i386 open(2) flags (include/uapi/asm-generic/fcntl.h; O_LARGEFILE is 0100000 on i386). */
public final class OpenFlags {
    private OpenFlags() { }

    public static final int O_ACCMODE = 03, O_RDONLY = 0, O_WRONLY = 01, O_RDWR = 02;
    public static final int O_CREAT = 0100, O_EXCL = 0200, O_NOCTTY = 0400, O_TRUNC = 01000, O_APPEND = 02000,
            O_NONBLOCK = 04000, O_DSYNC = 010000, O_LARGEFILE = 0100000, O_DIRECTORY = 0200000,
            O_NOFOLLOW = 0400000, O_NOATIME = 01000000, O_CLOEXEC = 02000000, O_PATH = 010000000;

    public static boolean readable(int flags) { return (flags & O_ACCMODE) != O_WRONLY; }

    public static boolean writable(int flags) { return (flags & O_ACCMODE) != O_RDONLY; }

    /** F_SETFL: {@code requested} replaces O_APPEND and O_NONBLOCK of {@code current}; the access mode and the rest stay. */
    public static int setStatus(int current, int requested) {
        int changeable = O_APPEND | O_NONBLOCK;
        return current & ~changeable | requested & changeable;
    }
}
