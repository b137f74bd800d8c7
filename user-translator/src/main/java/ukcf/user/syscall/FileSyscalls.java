package ukcf.user.syscall;

import static ukcf.user.syscall.Arg.BUFFER_IN;
import static ukcf.user.syscall.Arg.BUFFER_OUT;
import static ukcf.user.syscall.Arg.DIRFD;
import static ukcf.user.syscall.Arg.FD;
import static ukcf.user.syscall.Arg.HEX;
import static ukcf.user.syscall.Arg.INT;
import static ukcf.user.syscall.Arg.OCTAL;
import static ukcf.user.syscall.Arg.OPEN_FLAGS;
import static ukcf.user.syscall.Arg.POINTER;
import static ukcf.user.syscall.Arg.STRING;
import static ukcf.user.syscall.Arg.UNSIGNED;
import static ukcf.user.syscall.Arg.WHENCE;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import ukcf.user.abi.StructBuffer;
import ukcf.user.abi.StructLayout;
import ukcf.user.fs.DeviceFile;
import ukcf.user.fs.DirectoryListing;
import ukcf.user.fs.FileStatus;
import ukcf.user.fs.GeneratedDirectory;
import ukcf.user.fs.HostDirectory;
import ukcf.user.fs.HostFile;
import ukcf.user.fs.HostFiles;
import ukcf.user.fs.HostLibc;
import ukcf.user.fs.MemoryFile;
import ukcf.user.fs.OpenFile;
import ukcf.user.fs.OpenFlags;
import ukcf.user.fs.Pipe;
import ukcf.user.fs.ResolvedPath;
import ukcf.user.process.GuestProcess;

/** Files, directories and descriptors (fs/open.c, fs/read_write.c, fs/stat.c, fs/namei.c, fs/readdir.c...). */
final class FileSyscalls {
    private FileSyscalls() { }

    private static final int AT_FDCWD = Arg.AT_FDCWD, AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200,
            AT_SYMLINK_FOLLOW = 0x400, AT_EMPTY_PATH = 0x1000;
    private static final int MAX_IO = 0x7ffff000; // MAX_RW_COUNT
    private static final int IOV_MAX = 1024;
    private static final int TCGETS = 0x5401, TIOCGWINSZ = 0x5413, TERMIOS_BYTES = 36, WINSIZE_BYTES = 8;
    private static final int F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4,
            F_DUPFD_CLOEXEC = 1030, FD_CLOEXEC = 1;
    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final int POLLIN = 0x1, POLLOUT = 0x4, POLLNVAL = 0x20, POLLRDNORM = 0x40, POLLWRNORM = 0x100;
    private static final int F_OK = 0, X_OK = 1, W_OK = 2, R_OK = 4;

    // ---- reading and writing ----

    @Syscall(name = "read", args = {FD, BUFFER_OUT, UNSIGNED})
    static int read(GuestProcess p, int fd, int buffer, int count) {
        OpenFile file = p.files().get(fd);
        if (file instanceof DeviceFile device) return DeviceSyscalls.read(p, device, buffer, count, false, 0);
        byte[] bytes = new byte[Math.min(Integer.toUnsignedLong(count) > MAX_IO ? MAX_IO : count, 1 << 20)];
        int n = file.read(bytes, 0, bytes.length);
        p.writeBytes(buffer, bytes, 0, n);
        return n;
    }

    @Syscall(name = "write", args = {FD, BUFFER_IN, UNSIGNED})
    static int write(GuestProcess p, int fd, int buffer, int count) {
        OpenFile file = p.files().get(fd);
        if (file instanceof DeviceFile device) return DeviceSyscalls.write(p, device, buffer, count, false, 0);
        if (count < 0) throw new SyscallError(Errno.EINVAL);
        byte[] bytes = p.readBytes(buffer, count);
        return file.write(bytes, 0, bytes.length);
    }

    @Syscall(name = "pread64", args = {FD, BUFFER_OUT, UNSIGNED, INT, INT})
    static int pread64(GuestProcess p, int fd, int buffer, int count, int offsetLow, int offsetHigh) {
        if (p.files().get(fd) instanceof DeviceFile device) {
            return DeviceSyscalls.read(p, device, buffer, count, true, ((long) offsetHigh << 32) | Integer.toUnsignedLong(offsetLow));
        }
        if (!(p.files().get(fd) instanceof HostFile file)) throw new SyscallError(Errno.ESPIPE);
        byte[] bytes = new byte[Math.min(count, 1 << 20)];
        int n = file.readAt(((long) offsetHigh << 32) | Integer.toUnsignedLong(offsetLow), bytes, 0, bytes.length);
        p.writeBytes(buffer, bytes, 0, n);
        return n;
    }

    @Syscall(name = "pwrite64", args = {FD, BUFFER_IN, UNSIGNED, INT, INT})
    static int pwrite64(GuestProcess p, int fd, int buffer, int count, int offsetLow, int offsetHigh) {
        if (p.files().get(fd) instanceof DeviceFile device) {
            return DeviceSyscalls.write(p, device, buffer, count, true, ((long) offsetHigh << 32) | Integer.toUnsignedLong(offsetLow));
        }
        if (!(p.files().get(fd) instanceof HostFile file)) throw new SyscallError(Errno.ESPIPE);
        byte[] bytes = p.readBytes(buffer, Math.min(count, 1 << 20));
        return file.writeAt(((long) offsetHigh << 32) | Integer.toUnsignedLong(offsetLow), bytes, 0, bytes.length);
    }

    @Syscall(name = "readv", args = {FD, POINTER, INT})
    static int readv(GuestProcess p, int fd, int vector, int count) {
        OpenFile file = p.files().get(fd);
        if (file instanceof DeviceFile device) return DeviceSyscalls.vector(p, device, iovecs(p, vector, count), true);
        int total = 0;
        for (int[] iov : iovecs(p, vector, count)) {
            byte[] bytes = new byte[iov[1]];
            int n = file.read(bytes, 0, bytes.length);
            p.writeBytes(iov[0], bytes, 0, n);
            total += n;
            if (n < iov[1]) break;
        }
        return total;
    }

    @Syscall(name = "writev", args = {FD, POINTER, INT})
    static int writev(GuestProcess p, int fd, int vector, int count) {
        OpenFile file = p.files().get(fd);
        if (file instanceof DeviceFile device) return DeviceSyscalls.vector(p, device, iovecs(p, vector, count), false);
        java.io.ByteArrayOutputStream gathered = new java.io.ByteArrayOutputStream();
        for (int[] iov : iovecs(p, vector, count)) gathered.writeBytes(p.readBytes(iov[0], iov[1]));
        byte[] bytes = gathered.toByteArray();
        return bytes.length == 0 ? 0 : file.write(bytes, 0, bytes.length);
    }

    /** The (base, length) pairs of a struct iovec array. */
    static int[][] iovecs(GuestProcess p, int vector, int count) {
        if (count < 0 || count > IOV_MAX) throw new SyscallError(Errno.EINVAL);
        StructLayout layout = StructLayout.of("iovec");
        int[][] result = new int[count][];
        long total = 0;
        for (int i = 0; i < count; i++) {
            StructBuffer iov = layout.wrap(p.readBytes(vector + i * layout.size(), layout.size()));
            int length = iov.getInt("iov_len");
            if (length < 0 || (total += length) > MAX_IO) throw new SyscallError(Errno.EINVAL);
            result[i] = new int[] {iov.getInt("iov_base"), length};
        }
        return result;
    }

    @Syscall(name = "sendfile64", args = {FD, FD, POINTER, UNSIGNED})
    static int sendfile64(GuestProcess p, int outFd, int inFd, int offsetPointer, int count) {
        OpenFile in = p.files().get(inFd), out = p.files().get(outFd);
        byte[] bytes = new byte[Math.min(Integer.toUnsignedLong(count) > MAX_IO ? MAX_IO : count, 1 << 20)];
        int n;
        if (offsetPointer != 0) {
            if (!(in instanceof HostFile file)) throw new SyscallError(Errno.ESPIPE);
            long offset = (p.read32(offsetPointer) & 0xFFFFFFFFL) | ((long) p.read32(offsetPointer + 4) << 32);
            n = file.readAt(offset, bytes, 0, bytes.length);
            p.write64(offsetPointer, offset + n);
        } else {
            n = in.read(bytes, 0, bytes.length);
        }
        return n == 0 ? 0 : out.write(bytes, 0, n);
    }

    @Syscall(name = "sendfile", args = {FD, FD, POINTER, UNSIGNED})
    static int sendfile(GuestProcess p, int outFd, int inFd, int offsetPointer, int count) {
        if (offsetPointer == 0) return sendfile64(p, outFd, inFd, 0, count);
        if (!(p.files().get(inFd) instanceof HostFile file)) throw new SyscallError(Errno.ESPIPE);
        int offset = p.read32(offsetPointer);
        byte[] bytes = new byte[Math.min(count, 1 << 20)];
        int n = file.readAt(Integer.toUnsignedLong(offset), bytes, 0, bytes.length);
        p.write32(offsetPointer, offset + n);
        return n == 0 ? 0 : p.files().get(outFd).write(bytes, 0, n);
    }

    @Syscall(name = "lseek", args = {FD, INT, WHENCE})
    static int lseek(GuestProcess p, int fd, int offset, int whence) {
        long position = p.files().get(fd).seek(offset, whence);
        if (position > Integer.MAX_VALUE) throw new SyscallError(Errno.EOVERFLOW);
        return (int) position;
    }

    @Syscall(name = "_llseek", args = {FD, HEX, HEX, POINTER, WHENCE})
    static int llseek(GuestProcess p, int fd, int offsetHigh, int offsetLow, int result, int whence) {
        long position = p.files().get(fd).seek(((long) offsetHigh << 32) | Integer.toUnsignedLong(offsetLow), whence);
        p.write64(result, position);
        return 0;
    }

    // ---- opening and closing ----

    @Syscall(name = "open", args = {STRING, OPEN_FLAGS, OCTAL})
    static int open(GuestProcess p, int path, int flags, int mode) {
        return openat(p, AT_FDCWD, path, flags, mode);
    }

    @Syscall(name = "creat", args = {STRING, OCTAL})
    static int creat(GuestProcess p, int path, int mode) {
        return openat(p, AT_FDCWD, path, OpenFlags.O_CREAT | OpenFlags.O_WRONLY | OpenFlags.O_TRUNC, mode);
    }

    @Syscall(name = "openat", args = {DIRFD, STRING, OPEN_FLAGS, OCTAL})
    static int openat(GuestProcess p, int directory, int pathAddress, int flags, int mode) {
        boolean exclusive = (flags & OpenFlags.O_CREAT) != 0 && (flags & OpenFlags.O_EXCL) != 0;
        ResolvedPath resolved = lookup(p, directory, pathAddress, (flags & OpenFlags.O_NOFOLLOW) == 0 && !exclusive);
        if (resolved.exists() && exclusive) throw new SyscallError(Errno.EEXIST);
        if (resolved.symbolicLink()) throw new SyscallError(Errno.ELOOP); // O_NOFOLLOW on a link
        if (resolved.special() != null && resolved.special().isDirectory()) {
            if (OpenFlags.writable(flags)) throw new SyscallError(Errno.EISDIR);
            return p.files().install(new GeneratedDirectory(resolved.guestPath(),
                    resolved.special().entries().get(), resolved.special().entryFiles(), resolved.status(), flags),
                    (flags & OpenFlags.O_CLOEXEC) != 0);
        }
        if (resolved.special() != null && resolved.special().device() != null) {
            return p.files().install(DeviceSyscalls.open(p, resolved.special().device(), flags), (flags & OpenFlags.O_CLOEXEC) != 0);
        }
        byte[] generated = resolved.generatedContents();
        if (generated != null) {
            if (OpenFlags.writable(flags)) throw new SyscallError(Errno.EACCES);
            return p.files().install(new MemoryFile(generated, flags), (flags & OpenFlags.O_CLOEXEC) != 0);
        }
        if (!resolved.exists() && (flags & OpenFlags.O_CREAT) == 0) throw new SyscallError(Errno.ENOENT);
        if (!resolved.exists() && p.readCString(pathAddress).endsWith("/")) throw new SyscallError(Errno.EISDIR);
        Path path = resolved.hostPath();
        OpenFile file;
        if (resolved.exists() && resolved.status().isDirectory()) {
            if (OpenFlags.writable(flags) || (flags & OpenFlags.O_CREAT) != 0) throw new SyscallError(Errno.EISDIR);
            file = new HostDirectory(path, resolved.guestPath(), flags);
        } else {
            if ((flags & OpenFlags.O_DIRECTORY) != 0) throw new SyscallError(Errno.ENOTDIR);
            file = new HostFile(path, resolved.guestPath(),
                    openChannel(path, flags, mode & ~p.filesystem().umask(), !resolved.followHostLink()), flags);
        }
        return p.files().install(file, (flags & OpenFlags.O_CLOEXEC) != 0);
    }

    /**
     * Opens the host file; {@code noFollow} (every path the resolver walked) makes the host refuse a symbolic link
     * put in place of the last component after the walk.
     */
    /** Opens (or creates with exactly {@code mode}: the guest's umask is already applied) a host file. */
    private static FileChannel openChannel(Path path, int flags, int mode, boolean noFollow) {
        Set<OpenOption> options = new HashSet<>();
        if (OpenFlags.readable(flags)) options.add(StandardOpenOption.READ);
        if (OpenFlags.writable(flags)) options.add(StandardOpenOption.WRITE);
        if ((flags & OpenFlags.O_CREAT) != 0) {
            options.add((flags & OpenFlags.O_EXCL) != 0 ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
        }
        if ((flags & OpenFlags.O_TRUNC) != 0 && OpenFlags.writable(flags)) options.add(StandardOpenOption.TRUNCATE_EXISTING);
        if (noFollow) options.add(LinkOption.NOFOLLOW_LINKS);
        try {
            if ((flags & OpenFlags.O_CREAT) != 0) {
                boolean created = !Files.exists(path, LinkOption.NOFOLLOW_LINKS);
                FileChannel channel = FileChannel.open(path, options, PosixFilePermissions.asFileAttribute(permissions(mode)));
                if (created) Files.setPosixFilePermissions(path, permissions(mode)); // the host's umask may have cut bits
                return channel;
            }
            return FileChannel.open(path, options);
        } catch (IOException | UnsupportedOperationException e) {
            throw HostFiles.error(e);
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = new HashSet<>();
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
        for (int i = 0; i < 9; i++) if ((mode & (0400 >> i)) != 0) set.add(bits[i]);
        return set;
    }

    @Syscall(name = "close", args = {FD})
    static int close(GuestProcess p, int fd) {
        p.files().close(fd);
        return 0;
    }

    @Syscall(name = "dup", args = {FD})
    static int dup(GuestProcess p, int fd) { return p.files().install(p.files().get(fd), false); }

    @Syscall(name = "dup2", args = {FD, FD})
    static int dup2(GuestProcess p, int fd, int target) {
        OpenFile file = p.files().get(fd);
        if (fd != target) p.files().installAt(target, file, false);
        return target;
    }

    @Syscall(name = "dup3", args = {FD, FD, OPEN_FLAGS})
    static int dup3(GuestProcess p, int fd, int target, int flags) {
        if (fd == target || (flags & ~OpenFlags.O_CLOEXEC) != 0) throw new SyscallError(Errno.EINVAL);
        p.files().installAt(target, p.files().get(fd), (flags & OpenFlags.O_CLOEXEC) != 0);
        return target;
    }

    @Syscall(name = "pipe", args = {POINTER})
    static int pipe(GuestProcess p, int fds) { return pipe2(p, fds, 0); }

    @Syscall(name = "pipe2", args = {POINTER, OPEN_FLAGS})
    static int pipe2(GuestProcess p, int fds, int flags) {
        Pipe pipe = new Pipe();
        boolean closeOnExec = (flags & OpenFlags.O_CLOEXEC) != 0;
        p.readBytes(fds, 8);
        OpenFile readEnd = pipe.readEnd(), writeEnd = pipe.writeEnd();
        readEnd.setStatusFlags(flags & OpenFlags.O_NONBLOCK);
        writeEnd.setStatusFlags(flags & OpenFlags.O_NONBLOCK);
        int readFd = p.files().install(readEnd, closeOnExec);
        int writeFd = p.files().install(writeEnd, closeOnExec);
        p.write32(fds, readFd);
        p.write32(fds + 4, writeFd);
        return 0;
    }

    @Syscall(name = "fcntl64", args = {FD, INT, HEX})
    static int fcntl64(GuestProcess p, int fd, int command, int argument) {
        OpenFile file = p.files().get(fd);
        return switch (command) {
            case F_DUPFD -> p.files().installFrom(argument, file, false);
            case F_DUPFD_CLOEXEC -> p.files().installFrom(argument, file, true);
            case F_GETFD -> p.files().closeOnExec(fd) ? FD_CLOEXEC : 0;
            case F_SETFD -> {
                p.files().setCloseOnExec(fd, (argument & FD_CLOEXEC) != 0);
                yield 0;
            }
            case F_GETFL -> file.statusFlags() | OpenFlags.O_LARGEFILE;
            case F_SETFL -> {
                file.setStatusFlags(argument);
                yield 0;
            }
            default -> throw new SyscallError(Errno.EINVAL);
        };
    }

    @Syscall(name = "fcntl", args = {FD, INT, HEX})
    static int fcntl(GuestProcess p, int fd, int command, int argument) { return fcntl64(p, fd, command, argument); }

    /**
     * A device node's requests go to its driver; terminal requests reach the host terminal when the descriptor is
     * one; anything else is ENOTTY.
     */
    @Syscall(name = "ioctl", args = {FD, HEX, POINTER})
    static int ioctl(GuestProcess p, int fd, int request, int argument) {
        OpenFile file = p.files().get(fd);
        if (file instanceof DeviceFile device) return DeviceSyscalls.ioctl(p, fd, device, request, argument);
        int size = request == TCGETS ? TERMIOS_BYTES : request == TIOCGWINSZ ? WINSIZE_BYTES : 0;
        int host = file.hostDescriptor();
        if (size == 0 || host < 0 || !HostLibc.isTerminal(host)) throw new SyscallError(Errno.ENOTTY);
        byte[] result = new byte[size];
        if (!HostLibc.ioctl(host, request, result)) throw new SyscallError(Errno.ENOTTY);
        p.writeBytes(argument, result);
        return 0;
    }

    /**
     * poll: a device node answers through its driver's poll; every other open file ukcf has is always ready (reads
     * of regular files and standard input block in read itself), so it reports the requested POLLIN/POLLOUT at
     * once, and a bad descriptor POLLNVAL. While nothing is ready and the timeout allows, the drivers are asked
     * again every few milliseconds; a signal ends the wait with EINTR.
     */
    @Syscall(name = "poll", args = {POINTER, UNSIGNED, INT})
    static int poll(GuestProcess p, int fds, int count, int timeout) {
        if (count < 0 || count > ukcf.user.fs.FileDescriptorTable.LIMIT) throw new SyscallError(Errno.EINVAL);
        long deadline = System.nanoTime() + Math.max(timeout, 0) * 1_000_000L;
        while (true) {
            int ready = 0;
            for (int i = 0; i < count; i++) {
                int entry = fds + 8 * i; // struct pollfd { int fd; short events; short revents; }
                int fd = p.read32(entry);
                int events = p.read32(entry + 4) & 0xFFFF;
                int revents = 0;
                if (fd >= 0) {
                    try {
                        OpenFile file = p.files().get(fd);
                        revents = file instanceof DeviceFile device ? DeviceSyscalls.poll(p, device, events)
                                : events & (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM);
                    } catch (SyscallError badDescriptor) {
                        if (badDescriptor.errno() != Errno.EBADF) throw badDescriptor;
                        revents = POLLNVAL;
                    }
                }
                byte[] field = {(byte) revents, (byte) (revents >>> 8)};
                p.writeBytes(entry + 6, field);
                if (revents != 0) ready++;
            }
            long left = timeout < 0 ? POLL_RECHECK_NANOS : deadline - System.nanoTime();
            if (ready > 0 || left <= 0) return ready;
            if (p.signals().sleep(Math.min(left, POLL_RECHECK_NANOS)) > 0) throw new SyscallError(Errno.EINTR);
        }
    }

    /** How often a waiting poll asks the drivers again (their wake-ups are not queued to it). */
    private static final long POLL_RECHECK_NANOS = 5_000_000L;

    // ---- status ----

    @Syscall(name = "fstat64", args = {FD, POINTER})
    static int fstat64(GuestProcess p, int fd, int buffer) {
        writeStat64(p, buffer, p.files().get(fd).status());
        return 0;
    }

    @Syscall(name = "stat64", args = {STRING, POINTER})
    static int stat64(GuestProcess p, int path, int buffer) {
        writeStat64(p, buffer, lookup(p, AT_FDCWD, path, true).status());
        return 0;
    }

    @Syscall(name = "lstat64", args = {STRING, POINTER})
    static int lstat64(GuestProcess p, int path, int buffer) {
        writeStat64(p, buffer, lookup(p, AT_FDCWD, path, false).status());
        return 0;
    }

    @Syscall(name = "fstatat64", args = {DIRFD, STRING, POINTER, Arg.AT_FLAGS})
    static int fstatat64(GuestProcess p, int directory, int path, int buffer, int flags) {
        writeStat64(p, buffer, statAt(p, directory, p.readCString(path), flags));
        return 0;
    }

    @Syscall(name = "statx", args = {DIRFD, STRING, Arg.AT_FLAGS, HEX, POINTER})
    static int statx(GuestProcess p, int directory, int path, int flags, int mask, int buffer) {
        FileStatus s = statAt(p, directory, p.readCString(path), flags);
        StructLayout time = StructLayout.of("statx_timestamp");
        StructBuffer b = StructLayout.of("statx").newBuffer()
                .put("stx_mask", STATX_BASIC_STATS).put("stx_blksize", s.blockSize()).put("stx_nlink", s.links())
                .put("stx_uid", s.uid()).put("stx_gid", s.gid()).put("stx_mode", s.mode()).put("stx_ino", s.inode())
                .put("stx_size", s.size()).put("stx_blocks", s.blocks())
                .put("stx_rdev_major", FileStatus.major(s.rdev())).put("stx_rdev_minor", FileStatus.minor(s.rdev()))
                .put("stx_dev_major", FileStatus.major(s.device())).put("stx_dev_minor", FileStatus.minor(s.device()));
        b.putTime("stx_atime", time, Math.floorDiv(s.accessNanos(), 1_000_000_000L), Math.floorMod(s.accessNanos(), 1_000_000_000L));
        b.putTime("stx_mtime", time, Math.floorDiv(s.modifyNanos(), 1_000_000_000L), Math.floorMod(s.modifyNanos(), 1_000_000_000L));
        b.putTime("stx_ctime", time, Math.floorDiv(s.changeNanos(), 1_000_000_000L), Math.floorMod(s.changeNanos(), 1_000_000_000L));
        p.writeBytes(buffer, b.bytes());
        return 0;
    }

    private static FileStatus statAt(GuestProcess p, int directory, String path, int flags) {
        if (path.isEmpty()) {
            if ((flags & AT_EMPTY_PATH) == 0) throw new SyscallError(Errno.ENOENT);
            if (directory == AT_FDCWD) return p.filesystem().resolve(".", true).status();
            return p.files().get(directory).status();
        }
        return lookup(p, directory, path, (flags & AT_SYMLINK_NOFOLLOW) == 0).status();
    }

    private static void writeStat64(GuestProcess p, int buffer, FileStatus s) {
        StructBuffer b = StructLayout.of("stat64").newBuffer()
                .put("st_dev", s.device()).put("__st_ino", s.inode()).put("st_mode", s.mode())
                .put("st_nlink", s.links()).put("st_uid", s.uid()).put("st_gid", s.gid()).put("st_rdev", s.rdev())
                .put("st_size", s.size()).put("st_blksize", s.blockSize()).put("st_blocks", s.blocks())
                .put("st_atime", s.accessNanos() / 1_000_000_000L).put("st_atime_nsec", s.accessNanos() % 1_000_000_000L)
                .put("st_mtime", s.modifyNanos() / 1_000_000_000L).put("st_mtime_nsec", s.modifyNanos() % 1_000_000_000L)
                .put("st_ctime", s.changeNanos() / 1_000_000_000L).put("st_ctime_nsec", s.changeNanos() % 1_000_000_000L)
                .put("st_ino", s.inode());
        p.writeBytes(buffer, b.bytes());
    }

    @Syscall(name = "getdents64", args = {FD, POINTER, UNSIGNED})
    static int getdents64(GuestProcess p, int fd, int buffer, int count) {
        DirectoryListing listing = p.files().get(fd).directory();
        StructLayout layout = StructLayout.of("linux_dirent64");
        int nameOffset = layout.offset("d_name");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int position = listing.position();
        while (position < listing.entries().size()) {
            DirectoryListing.Entry e = listing.entries().get(position);
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            int recordLength = (nameOffset + name.length + 1 + 7) & ~7;
            if (out.size() + recordLength > Integer.toUnsignedLong(count)) {
                if (out.size() == 0) throw new SyscallError(Errno.EINVAL);
                break;
            }
            byte[] record = new byte[recordLength];
            StructBuffer header = layout.wrap(record);
            header.put("d_ino", e.inode()).put("d_off", position + 1).put("d_reclen", recordLength).put("d_type", e.type());
            System.arraycopy(name, 0, record, nameOffset, name.length);
            out.writeBytes(record);
            position++;
        }
        byte[] bytes = out.toByteArray();
        p.writeBytes(buffer, bytes);
        listing.setPosition(position);
        return bytes.length;
    }

    @Syscall(name = "access", args = {STRING, INT})
    static int access(GuestProcess p, int path, int mode) { return faccessat(p, AT_FDCWD, path, mode); }

    @Syscall(name = "faccessat", args = {DIRFD, STRING, INT})
    static int faccessat(GuestProcess p, int directory, int pathAddress, int mode) {
        return faccessat2(p, directory, pathAddress, mode, 0);
    }

    @Syscall(name = "faccessat2", args = {DIRFD, STRING, INT, HEX})
    static int faccessat2(GuestProcess p, int directory, int pathAddress, int mode, int flags) {
        ResolvedPath resolved = lookup(p, directory, pathAddress, (flags & AT_SYMLINK_NOFOLLOW) == 0);
        resolved.status(); // ENOENT...
        if ((mode & ~7) != 0) throw new SyscallError(Errno.EINVAL);
        if (resolved.generatedContents() != null) {
            if ((mode & (W_OK | X_OK)) != 0) throw new SyscallError(Errno.EACCES);
            return 0;
        }
        Path path = resolved.hostPath();
        boolean ok = ((mode & R_OK) == 0 || Files.isReadable(path)) && ((mode & W_OK) == 0 || Files.isWritable(path))
                && ((mode & X_OK) == 0 || Files.isExecutable(path));
        if (!ok) throw new SyscallError(Errno.EACCES);
        return 0;
    }

    @Syscall(name = "readlink", args = {STRING, BUFFER_OUT, UNSIGNED})
    static int readlink(GuestProcess p, int path, int buffer, int size) {
        return readlinkat(p, AT_FDCWD, path, buffer, size);
    }

    @Syscall(name = "readlinkat", args = {DIRFD, STRING, BUFFER_OUT, UNSIGNED})
    static int readlinkat(GuestProcess p, int directory, int pathAddress, int buffer, int size) {
        if (size <= 0) throw new SyscallError(Errno.EINVAL);
        ResolvedPath resolved = lookup(p, directory, pathAddress, false).existing();
        if (!resolved.symbolicLink()) throw new SyscallError(Errno.EINVAL);
        String target;
        if (resolved.special() != null) {
            target = resolved.special().linkText(); // a guest path, as the guest's kernel would answer
        } else {
            try {
                target = Files.readSymbolicLink(resolved.hostPath()).toString(); // the text as stored
            } catch (IOException e) {
                throw HostFiles.error(e);
            }
        }
        byte[] bytes = target.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(bytes.length, size);
        p.writeBytes(buffer, bytes, 0, n);
        return n;
    }

    // ---- the working directory and the namespace ----

    @Syscall(name = "getcwd", args = {BUFFER_OUT, UNSIGNED})
    static int getcwd(GuestProcess p, int buffer, int size) {
        byte[] path = (p.filesystem().workingDirectory() + "\0").getBytes(StandardCharsets.UTF_8);
        if (Integer.toUnsignedLong(size) < path.length) throw new SyscallError(Errno.ERANGE);
        p.writeBytes(buffer, path);
        return path.length;
    }

    @Syscall(name = "chdir", args = {STRING})
    static int chdir(GuestProcess p, int pathAddress) {
        ResolvedPath resolved = lookup(p, AT_FDCWD, pathAddress, true);
        if (!resolved.status().isDirectory() || resolved.followHostLink()) throw new SyscallError(Errno.ENOTDIR);
        p.filesystem().setWorkingDirectory(resolved.guestPath());
        return 0;
    }

    @Syscall(name = "fchdir", args = {FD})
    static int fchdir(GuestProcess p, int fd) {
        String directory = p.files().get(fd).directoryGuestPath();
        if (directory == null) throw new SyscallError(Errno.ENOTDIR);
        p.filesystem().setWorkingDirectory(directory);
        return 0;
    }

    @Syscall(name = "unlink", args = {STRING})
    static int unlink(GuestProcess p, int path) { return unlinkat(p, AT_FDCWD, path, 0); }

    @Syscall(name = "rmdir", args = {STRING})
    static int rmdir(GuestProcess p, int path) { return unlinkat(p, AT_FDCWD, path, AT_REMOVEDIR); }

    @Syscall(name = "unlinkat", args = {DIRFD, STRING, Arg.AT_FLAGS})
    static int unlinkat(GuestProcess p, int directory, int pathAddress, int flags) {
        ResolvedPath resolved = lookup(p, directory, pathAddress, false);
        boolean isDirectory = resolved.status().isDirectory();
        if (resolved.special() != null) throw new SyscallError(Errno.EACCES);
        Path path = resolved.hostPath();
        if ((flags & AT_REMOVEDIR) != 0 && !isDirectory) throw new SyscallError(Errno.ENOTDIR);
        if ((flags & AT_REMOVEDIR) == 0 && isDirectory) throw new SyscallError(Errno.EISDIR);
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw HostFiles.error(e);
        }
        return 0;
    }

    @Syscall(name = "mkdir", args = {STRING, OCTAL})
    static int mkdir(GuestProcess p, int path, int mode) { return mkdirat(p, AT_FDCWD, path, mode); }

    @Syscall(name = "mkdirat", args = {DIRFD, STRING, OCTAL})
    static int mkdirat(GuestProcess p, int directory, int pathAddress, int mode) {
        Path path = creatable(lookup(p, directory, pathAddress, false));
        try {
            Set<PosixFilePermission> permissions = permissions(mode & ~p.filesystem().umask());
            Files.createDirectory(path, PosixFilePermissions.asFileAttribute(permissions));
            Files.setPosixFilePermissions(path, permissions); // the guest's umask alone decides, not the host's
        } catch (IOException | UnsupportedOperationException e) {
            throw HostFiles.error(e);
        }
        return 0;
    }

    @Syscall(name = "rename", args = {STRING, STRING})
    static int rename(GuestProcess p, int from, int to) { return renameat(p, AT_FDCWD, from, AT_FDCWD, to); }

    @Syscall(name = "renameat", args = {DIRFD, STRING, DIRFD, STRING})
    static int renameat(GuestProcess p, int fromDirectory, int from, int toDirectory, int to) {
        ResolvedPath source = lookup(p, fromDirectory, from, false).existing();
        ResolvedPath target = lookup(p, toDirectory, to, false);
        if (source.special() != null || target.special() != null) throw new SyscallError(Errno.EXDEV);
        try {
            Files.move(source.hostPath(), target.hostPath(), StandardCopyOption.ATOMIC_MOVE); // rename(2)
        } catch (IOException e) {
            throw HostFiles.error(e);
        }
        return 0;
    }

    @Syscall(name = "renameat2", args = {DIRFD, STRING, DIRFD, STRING, HEX})
    static int renameat2(GuestProcess p, int fromDirectory, int from, int toDirectory, int to, int flags) {
        if (flags != 0) throw new SyscallError(Errno.EINVAL);
        return renameat(p, fromDirectory, from, toDirectory, to);
    }

    @Syscall(name = "symlink", args = {STRING, STRING})
    static int symlink(GuestProcess p, int target, int link) { return symlinkat(p, target, AT_FDCWD, link); }

    @Syscall(name = "symlinkat", args = {STRING, DIRFD, STRING})
    static int symlinkat(GuestProcess p, int target, int directory, int link) {
        String targetText = p.readCString(target);
        if (targetText.isEmpty()) throw new SyscallError(Errno.ENOENT);
        Path path = creatable(lookup(p, directory, link, false));
        try {
            // Stored as given: the resolver walks it inside the guest view whenever it is followed.
            Files.createSymbolicLink(path, Path.of(targetText));
        } catch (IOException | UnsupportedOperationException e) {
            throw HostFiles.error(e);
        }
        return 0;
    }

    @Syscall(name = "link", args = {STRING, STRING})
    static int link(GuestProcess p, int existing, int link) { return linkat(p, AT_FDCWD, existing, AT_FDCWD, link, 0); }

    @Syscall(name = "linkat", args = {DIRFD, STRING, DIRFD, STRING, Arg.AT_FLAGS})
    static int linkat(GuestProcess p, int fromDirectory, int existing, int toDirectory, int link, int flags) {
        ResolvedPath source = lookup(p, fromDirectory, existing, (flags & AT_SYMLINK_FOLLOW) != 0).existing();
        if (source.special() != null) throw new SyscallError(Errno.EXDEV);
        Path target = creatable(lookup(p, toDirectory, link, false));
        try {
            Files.createLink(target, source.hostPath());
        } catch (IOException | UnsupportedOperationException e) {
            throw HostFiles.error(e);
        }
        return 0;
    }

    @Syscall(name = "chmod", args = {STRING, OCTAL})
    static int chmod(GuestProcess p, int path, int mode) { return fchmodat(p, AT_FDCWD, path, mode); }

    @Syscall(name = "fchmodat", args = {DIRFD, STRING, OCTAL})
    static int fchmodat(GuestProcess p, int directory, int path, int mode) {
        setMode(hostFile(lookup(p, directory, path, true)), mode);
        return 0;
    }

    @Syscall(name = "fchmod", args = {FD, OCTAL})
    static int fchmod(GuestProcess p, int fd, int mode) {
        OpenFile file = p.files().get(fd);
        if (file instanceof HostFile host) setMode(host.path(), mode);
        else if (file instanceof HostDirectory directory) setMode(directory.path(), mode);
        else throw new SyscallError(Errno.EPERM);
        return 0;
    }

    /** chmod through NIO's "unix:mode" (all twelve bits), else the nine permission bits. */
    private static void setMode(Path path, int mode) {
        try {
            try {
                Files.setAttribute(path, "unix:mode", mode & 07777);
            } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
                Files.setPosixFilePermissions(path, permissions(mode));
            }
        } catch (IOException e) {
            throw HostFiles.error(e);
        }
    }

    @Syscall(name = "fchown32", args = {FD, INT, INT})
    static int fchown32(GuestProcess p, int fd, int owner, int group) {
        OpenFile file = p.files().get(fd);
        if (file instanceof HostFile host) return changeOwner(host.path(), owner, group, true);
        if (file instanceof HostDirectory directory) return changeOwner(directory.path(), owner, group, true);
        throw new SyscallError(Errno.EPERM);
    }

    @Syscall(name = "chown32", args = {STRING, INT, INT})
    static int chown32(GuestProcess p, int path, int owner, int group) {
        return changeOwner(hostFile(lookup(p, AT_FDCWD, path, true)), owner, group, true);
    }

    @Syscall(name = "lchown32", args = {STRING, INT, INT})
    static int lchown32(GuestProcess p, int path, int owner, int group) {
        return changeOwner(hostFile(lookup(p, AT_FDCWD, path, false)), owner, group, false);
    }

    @Syscall(name = "fchownat", args = {DIRFD, STRING, INT, INT, Arg.AT_FLAGS})
    static int fchownat(GuestProcess p, int directory, int path, int owner, int group, int flags) {
        boolean follow = (flags & AT_SYMLINK_NOFOLLOW) == 0;
        return changeOwner(hostFile(lookup(p, directory, path, follow)), owner, group, follow);
    }

    /** chown; -1 leaves an id unchanged. */
    private static int changeOwner(Path path, int owner, int group, boolean followLinks) {
        LinkOption[] links = followLinks ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        try {
            if (owner != -1) Files.setAttribute(path, "unix:uid", owner, links);
            if (group != -1) Files.setAttribute(path, "unix:gid", group, links);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            throw HostFiles.error(e instanceof IOException io ? io : new java.nio.file.AccessDeniedException(path.toString()));
        }
        return 0;
    }

    /**
     * utimensat with 32-bit struct timespec[2] (access, modification); NULL means now; UTIME_NOW and UTIME_OMIT
     * as Linux defines them.
     */
    @Syscall(name = "utimensat", args = {DIRFD, STRING, POINTER, Arg.AT_FLAGS})
    static int utimensat(GuestProcess p, int directory, int pathAddress, int times, int flags) {
        return setTimes(p, directory, pathAddress, times, flags, StructLayout.of("timespec32"));
    }

    @Syscall(name = "utimensat_time64", args = {DIRFD, STRING, POINTER, Arg.AT_FLAGS})
    static int utimensatTime64(GuestProcess p, int directory, int pathAddress, int times, int flags) {
        return setTimes(p, directory, pathAddress, times, flags, StructLayout.of("__kernel_timespec"));
    }

    private static final long UTIME_NOW = (1L << 30) - 1, UTIME_OMIT = (1L << 30) - 2;

    private static int setTimes(GuestProcess p, int directory, int pathAddress, int times, int flags, StructLayout timespec) {
        Path path;
        if (pathAddress == 0) {
            OpenFile file = p.files().get(directory);
            if (file instanceof HostFile host) path = host.path();
            else if (file instanceof HostDirectory dir) path = dir.path();
            else throw new SyscallError(Errno.EBADF);
        } else {
            path = hostFile(lookup(p, directory, pathAddress, (flags & AT_SYMLINK_NOFOLLOW) == 0));
        }
        java.nio.file.attribute.FileTime now = java.nio.file.attribute.FileTime.from(java.time.Instant.now());
        java.nio.file.attribute.FileTime access = now, modify = now;
        if (times != 0) {
            StructBuffer a = timespec.wrap(p.readBytes(times, timespec.size()));
            StructBuffer m = timespec.wrap(p.readBytes(times + timespec.size(), timespec.size()));
            access = time(a, timespec, now);
            modify = time(m, timespec, now);
        }
        try {
            LinkOption[] links = (flags & AT_SYMLINK_NOFOLLOW) != 0 ? new LinkOption[] {LinkOption.NOFOLLOW_LINKS} : new LinkOption[0];
            HostFiles.status(path, links.length == 0);
            java.nio.file.attribute.BasicFileAttributeView view =
                    Files.getFileAttributeView(path, java.nio.file.attribute.BasicFileAttributeView.class, links);
            view.setTimes(modify, access, null);
        } catch (IOException e) {
            throw HostFiles.error(e);
        }
        return 0;
    }

    /** One timespec as a file time: null (leave unchanged) for UTIME_OMIT, {@code now} for UTIME_NOW. */
    private static java.nio.file.attribute.FileTime time(StructBuffer t, StructLayout layout, java.nio.file.attribute.FileTime now) {
        long nanos = layout.field("tv_nsec").size() == 4 ? t.getInt("tv_nsec") : t.get("tv_nsec");
        if (nanos == UTIME_OMIT) return null;
        if (nanos == UTIME_NOW) return now;
        long seconds = layout.field("tv_sec").size() == 4 ? t.getInt("tv_sec") : t.get("tv_sec");
        return java.nio.file.attribute.FileTime.from(java.time.Instant.ofEpochSecond(seconds, nanos));
    }

    @Syscall(name = "ftruncate64", args = {FD, INT, INT})
    static int ftruncate64(GuestProcess p, int fd, int lengthLow, int lengthHigh) {
        if (!(p.files().get(fd) instanceof HostFile file)) throw new SyscallError(Errno.EINVAL);
        file.truncate(((long) lengthHigh << 32) | Integer.toUnsignedLong(lengthLow));
        return 0;
    }

    @Syscall(name = "ftruncate", args = {FD, INT})
    static int ftruncate(GuestProcess p, int fd, int length) {
        return ftruncate64(p, fd, length, length >> 31);
    }

    /** truncate64: as ftruncate on the file {@code path} names, opened for writing for the moment. */
    @Syscall(name = "truncate64", args = {STRING, INT, INT})
    static int truncate64(GuestProcess p, int path, int lengthLow, int lengthHigh) {
        Path file = hostFile(lookup(p, AT_FDCWD, path, true));
        if (java.nio.file.Files.isDirectory(file)) throw new SyscallError(Errno.EISDIR);
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.WRITE)) {
            new HostFile(file, file.toString(), channel, OpenFlags.O_WRONLY).truncate(((long) lengthHigh << 32) | Integer.toUnsignedLong(lengthLow));
        } catch (java.io.IOException e) {
            throw ukcf.user.fs.HostFiles.error(e);
        }
        return 0;
    }

    @Syscall(name = "truncate", args = {STRING, INT})
    static int truncate(GuestProcess p, int path, int length) { return truncate64(p, path, length, length >> 31); }

    @Syscall(name = "fsync", args = {FD})
    static int fsync(GuestProcess p, int fd) {
        p.files().get(fd);
        return 0;
    }

    @Syscall(name = "fdatasync", args = {FD})
    static int fdatasync(GuestProcess p, int fd) { return fsync(p, fd); }

    // ---- path resolution ----

    /** The canonical guest directory a path starts from: the working directory or an open directory's. */
    static String startDirectory(GuestProcess p, int directory, String path) {
        if (path.startsWith("/") || directory == AT_FDCWD) return p.filesystem().workingDirectory();
        String start = p.files().get(directory).directoryGuestPath();
        if (start == null) throw new SyscallError(Errno.ENOTDIR);
        return start;
    }

    /** Resolves a guest path relative to {@code directory} (AT_FDCWD or an open directory) in the guest view. */
    static ResolvedPath lookup(GuestProcess p, int directory, String path, boolean followLast) {
        if (path.isEmpty()) throw new SyscallError(Errno.ENOENT);
        return p.filesystem().resolve(startDirectory(p, directory, path), path, followLast);
    }

    private static ResolvedPath lookup(GuestProcess p, int directory, int pathAddress, boolean followLast) {
        return lookup(p, directory, p.readCString(pathAddress), followLast);
    }

    /** The host path of an existing file that ukcf does not generate (chmod, chown, utimensat). */
    private static Path hostFile(ResolvedPath resolved) {
        resolved.existing();
        if (resolved.special() != null) throw new SyscallError(Errno.EPERM);
        return resolved.hostPath();
    }

    /** The host path where a new name goes (mkdir, symlink, link): EEXIST when something is there. */
    private static Path creatable(ResolvedPath resolved) {
        if (resolved.exists()) throw new SyscallError(Errno.EEXIST);
        return resolved.hostPath();
    }
}
