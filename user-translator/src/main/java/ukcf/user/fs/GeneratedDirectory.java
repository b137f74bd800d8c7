package ukcf.user.fs;

import java.util.ArrayList;
import java.util.List;
import ukcf.user.syscall.Errno;
import ukcf.user.syscall.SyscallError;

/**
 * A directory whose entries ukcf lists itself (/proc/self/fd: one symbolic link per open descriptor;
 * /sys/module/NAME/parameters: one file per parameter).
 */
public final class GeneratedDirectory implements OpenFile {
    private static final int DT_DIR = FileStatus.S_IFDIR >>> 12, DT_LNK = FileStatus.S_IFLNK >>> 12,
            DT_REG = FileStatus.S_IFREG >>> 12;

    /** What stat says of a directory only ukcf has (sysfs's): read-only for all, as sysfs answers. */
    public static final FileStatus STATUS = new FileStatus(0, 0, FileStatus.S_IFDIR | 0555, 2, 0, 0, 0, 0, 4096, 0, 0, 0, 0);

    private final String guestPath;
    private final FileStatus status;
    private final int flags;
    private final DirectoryListing listing;

    public GeneratedDirectory(String guestPath, List<String> names, boolean files, FileStatus status, int flags) {
        this.guestPath = guestPath;
        this.status = status;
        this.flags = flags;
        List<DirectoryListing.Entry> entries = new ArrayList<>();
        entries.add(new DirectoryListing.Entry(status.inode(), DT_DIR, "."));
        entries.add(new DirectoryListing.Entry(status.inode(), DT_DIR, ".."));
        long inode = status.inode();
        for (String name : names) entries.add(new DirectoryListing.Entry(++inode, files ? DT_REG : DT_LNK, name));
        this.listing = new DirectoryListing(entries);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) { throw new SyscallError(Errno.EISDIR); }

    @Override
    public long seek(long offset, int whence) {
        if (whence != 0 || offset < 0) throw new SyscallError(Errno.EINVAL);
        listing.setPosition((int) offset);
        return offset;
    }

    @Override
    public FileStatus status() { return status; }

    @Override
    public String directoryGuestPath() { return guestPath; }

    @Override
    public DirectoryListing directory() { return listing; }

    @Override
    public int statusFlags() { return flags; }
}
