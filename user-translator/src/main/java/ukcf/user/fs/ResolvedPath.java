package ukcf.user.fs;

import java.nio.file.Path;
import ukcf.user.syscall.Errno;
import ukcf.user.syscall.SyscallError;

/**
 * Where a guest path led: its canonical guest path, the host path to operate on and what was found there.
 *
 * @param guestPath     canonical guest path (absolute, no ".", ".." or followed links)
 * @param hostPath      the host path; every directory in it was checked not to be a symbolic link
 * @param exists        false when only the last component is missing (its parent exists: creation may go on)
 * @param symbolicLink  the last component is a symbolic link that was not followed (lstat, readlink, O_NOFOLLOW)
 * @param special       a node ukcf answers itself (/proc/self entries, /proc/cpuinfo), or null
 * @param followHostLink the host path is a host magic link to open through (a standard stream's /proc/self/fd/N,
 *                       a program outside the view): the only case where the host may follow a link
 */
public record ResolvedPath(String guestPath, Path hostPath, boolean exists, boolean symbolicLink,
                           SpecialNode special, boolean followHostLink) {
    /** ENOENT unless the path exists. */
    public ResolvedPath existing() {
        if (!exists) throw new SyscallError(Errno.ENOENT);
        return this;
    }

    /** stat or lstat of what the path names (lstat when the last link was not followed). */
    public FileStatus status() {
        existing();
        if (special != null && special.contents() != null) return MemoryFile.STATUS;
        if (special != null && special.device() != null) return DeviceFile.status(special.device());
        if (special != null && special.entryFiles()) return GeneratedDirectory.STATUS;
        return HostFiles.status(hostPath, followHostLink);
    }

    /** Generated contents, or null for a host file. */
    public byte[] generatedContents() {
        return special != null && special.contents() != null ? special.contents().get() : null;
    }
}
