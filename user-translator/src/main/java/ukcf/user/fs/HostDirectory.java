package ukcf.user.fs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import ukcf.user.syscall.Errno;
import ukcf.user.syscall.SyscallError;

/** A host directory opened for reading its entries (open with O_DIRECTORY, then getdents64). */
public final class HostDirectory implements OpenFile {
    private static final int DT_UNKNOWN = 0;

    private final Path path;
    private final String guestPath;
    private final int flags;
    private DirectoryListing listing;

    public HostDirectory(Path path, String guestPath, int flags) {
        this.path = path;
        this.guestPath = guestPath;
        this.flags = flags;
    }

    /** The directory's host path. */
    public Path path() { return path; }

    /** Its canonical guest path: where *at calls with this descriptor start, fchdir's new directory. */
    public String guestPath() { return guestPath; }

    @Override
    public String directoryGuestPath() { return guestPath; }

    @Override
    public int read(byte[] buffer, int offset, int length) { throw new SyscallError(Errno.EISDIR); }

    @Override
    public int write(byte[] buffer, int offset, int length) { throw new SyscallError(Errno.EBADF); }

    @Override
    public long seek(long offset, int whence) {
        if (whence != 0 || offset < 0) throw new SyscallError(Errno.EINVAL);
        directory().setPosition((int) offset);
        return offset;
    }

    @Override
    public FileStatus status() { return HostFiles.status(path, true); }

    @Override
    public int statusFlags() { return flags; }

    /** The entries in the host's readdir order, "." and ".." first (Java's listing omits them). */
    @Override
    public DirectoryListing directory() {
        if (listing == null) {
            List<DirectoryListing.Entry> entries = new ArrayList<>();
            entries.add(new DirectoryListing.Entry(status().inode(), FileStatus.S_IFDIR >>> 12, "."));
            Path parent = path.getParent() == null ? path : path.getParent();
            entries.add(new DirectoryListing.Entry(HostFiles.status(parent, true).inode(), FileStatus.S_IFDIR >>> 12, ".."));
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(path)) {
                for (Path child : stream) {
                    long inode = 0;
                    int type = DT_UNKNOWN;
                    try {
                        FileStatus s = HostFiles.status(child, false);
                        inode = s.inode();
                        type = s.directoryEntryType();
                    } catch (SyscallError vanished) {
                        continue;
                    }
                    entries.add(new DirectoryListing.Entry(inode, type, child.getFileName().toString()));
                }
            } catch (IOException e) {
                throw HostFiles.error(e);
            }
            listing = new DirectoryListing(entries);
        }
        return listing;
    }
}
