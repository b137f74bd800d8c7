package ukcf.user.fs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import ukcf.user.syscall.Errno;
import ukcf.user.syscall.SyscallError;

/** Host file metadata through Java NIO's "unix" attribute view, and host I/O errors as Linux errnos. */
public final class HostFiles {
    private static final int DEFAULT_BLOCK_SIZE = 4096;

    private HostFiles() { }

    /** stat (following symbolic links) or lstat of a host path. */
    public static FileStatus status(Path path, boolean followLinks) {
        try {
            Map<String, Object> a = followLinks ? Files.readAttributes(path, "unix:*")
                    : Files.readAttributes(path, "unix:*", LinkOption.NOFOLLOW_LINKS);
            long size = (Long) a.get("size");
            boolean symlink = ((Integer) a.get("mode") & 0170000) == 0120000;
            return new FileStatus((Long) a.get("dev"), (Long) a.get("ino"), (Integer) a.get("mode"),
                    ((Integer) a.get("nlink")).longValue(), (Integer) a.get("uid"), (Integer) a.get("gid"),
                    (Long) a.get("rdev"), size, DEFAULT_BLOCK_SIZE,
                    // NIO does not expose st_blocks: assume a dense file of whole 4 KiB blocks; a symbolic link's
                    // target is kept in the inode (a fast symlink) and takes none.
                    symlink ? 0 : (size + DEFAULT_BLOCK_SIZE - 1) / DEFAULT_BLOCK_SIZE * (DEFAULT_BLOCK_SIZE / 512),
                    nanos((FileTime) a.get("lastAccessTime")), nanos((FileTime) a.get("lastModifiedTime")),
                    nanos((FileTime) a.get("ctime")));
        } catch (IOException | UnsupportedOperationException e) {
            throw error(e);
        }
    }

    private static long nanos(FileTime time) { return time.to(TimeUnit.NANOSECONDS); }

    /** The errno Linux would have returned for the operation that raised {@code e}. */
    public static SyscallError error(Exception e) {
        return new SyscallError(errnoOf(e));
    }

    static Errno errnoOf(Exception e) {
        if (e instanceof NoSuchFileException) return Errno.ENOENT;
        if (e instanceof AccessDeniedException) return Errno.EACCES;
        if (e instanceof FileAlreadyExistsException) return Errno.EEXIST;
        if (e instanceof DirectoryNotEmptyException) return Errno.ENOTEMPTY;
        if (e instanceof NotDirectoryException) return Errno.ENOTDIR;
        if (e instanceof NotLinkException) return Errno.EINVAL;
        if (e instanceof FileSystemLoopException) return Errno.ELOOP;
        if (e instanceof FileSystemException f && f.getReason() != null) {
            String reason = f.getReason();
            for (Errno errno : Errno.values()) if (errno.message.equals(reason)) return errno;
        }
        if (e instanceof UnsupportedOperationException) return Errno.EOPNOTSUPP;
        return Errno.EIO;
    }
}
