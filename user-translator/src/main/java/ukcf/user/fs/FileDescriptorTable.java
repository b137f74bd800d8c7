package ukcf.user.fs;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import ukcf.user.syscall.Errno;
import ukcf.user.syscall.SyscallError;

/**
 * A process's file descriptors: each a reference to an {@link OpenFile} plus its close-on-exec flag. An open file
 * is closed when the last descriptor referring to it goes (dup'ed descriptors share offset and flags, as in Linux).
 * The threads of a process (and CLONE_FILES children) share one table, so it is synchronized.
 */
public final class FileDescriptorTable {
    /** RLIMIT_NOFILE's usual soft limit. */
    public static final int LIMIT = 1024;

    private record Slot(OpenFile file, boolean closeOnExec) { }

    private final List<Slot> slots = new ArrayList<>();
    /** Descriptors referring to each open file, counted over every table that fork made from one another. */
    private final Map<OpenFile, Integer> references;

    public FileDescriptorTable() {
        this(new IdentityHashMap<>());
    }

    private FileDescriptorTable(Map<OpenFile, Integer> references) {
        this.references = references;
    }

    /** fork's copy: the same open files under the same numbers. */
    public synchronized FileDescriptorTable fork() {
        FileDescriptorTable copy = new FileDescriptorTable(references);
        synchronized (references) {
            for (int fd = 0; fd < slots.size(); fd++) {
                Slot slot = slots.get(fd);
                if (slot != null) copy.installAt(fd, slot.file(), slot.closeOnExec());
            }
        }
        return copy;
    }

    /** execve: closes the descriptors marked close-on-exec. */
    public synchronized void closeOnExec() {
        for (int fd = 0; fd < slots.size(); fd++) if (slots.get(fd) != null && slots.get(fd).closeOnExec()) close(fd);
    }

    /** A table with the host's standard input, output and error as descriptors 0, 1 and 2. */
    public static FileDescriptorTable withStandardStreams() {
        FileDescriptorTable table = new FileDescriptorTable();
        table.install(StandardStream.input(), false);
        table.install(StandardStream.output(), false);
        table.install(StandardStream.error(), false);
        return table;
    }

    /** The open descriptors, lowest first (/proc/self/fd). */
    public synchronized java.util.List<Integer> openDescriptors() {
        java.util.List<Integer> open = new ArrayList<>();
        for (int fd = 0; fd < slots.size(); fd++) if (slots.get(fd) != null) open.add(fd);
        return open;
    }

    public synchronized OpenFile get(int fd) {
        if (fd < 0 || fd >= slots.size() || slots.get(fd) == null) throw new SyscallError(Errno.EBADF);
        return slots.get(fd).file();
    }

    public synchronized boolean closeOnExec(int fd) {
        get(fd);
        return slots.get(fd).closeOnExec();
    }

    public synchronized void setCloseOnExec(int fd, boolean closeOnExec) {
        slots.set(fd, new Slot(get(fd), closeOnExec));
    }

    /** Installs {@code file} at the lowest free descriptor and returns it. */
    public synchronized int install(OpenFile file, boolean closeOnExec) {
        return installFrom(0, file, closeOnExec);
    }

    /** Installs at the lowest free descriptor not below {@code minimum} (F_DUPFD). */
    public synchronized int installFrom(int minimum, OpenFile file, boolean closeOnExec) {
        for (int fd = minimum; fd < LIMIT; fd++) {
            if (fd >= slots.size() || slots.get(fd) == null) {
                installAt(fd, file, closeOnExec);
                return fd;
            }
        }
        throw new SyscallError(Errno.EMFILE);
    }

    /** Makes {@code fd} refer to {@code file}, closing what it referred to before (dup2). */
    public synchronized void installAt(int fd, OpenFile file, boolean closeOnExec) {
        if (fd < 0 || fd >= LIMIT) throw new SyscallError(Errno.EBADF);
        while (slots.size() <= fd) slots.add(null);
        synchronized (references) {
            references.merge(file, 1, Integer::sum);
        }
        Slot previous = slots.set(fd, new Slot(file, closeOnExec));
        if (previous != null) release(previous.file());
    }

    public synchronized void close(int fd) {
        OpenFile file = get(fd);
        slots.set(fd, null);
        release(file);
    }

    /** Closes every descriptor (process exit). */
    public synchronized void closeAll() {
        for (int fd = 0; fd < slots.size(); fd++) if (slots.get(fd) != null) close(fd);
    }

    private void release(OpenFile file) {
        synchronized (references) {
            int left = references.merge(file, -1, Integer::sum);
            if (left != 0) return;
            references.remove(file);
        }
        file.close();
    }
}
