package ukcf.user.syscall;

import static ukcf.user.syscall.Arg.HEX;
import static ukcf.user.syscall.Arg.INT;
import static ukcf.user.syscall.Arg.POINTER;
import static ukcf.user.syscall.Arg.UNSIGNED;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import ukcf.user.abi.StructBuffer;
import ukcf.user.abi.StructLayout;
import ukcf.user.process.GuestExit;
import ukcf.user.process.GuestProcess;
import ukcf.user.process.HostIdentity;
import ukcf.user.process.ThreadAreaTable;

/** Process and thread identity, exit, TLS, robust lists, limits and uname. */
final class ProcessSyscalls {
    private ProcessSyscalls() { }

    private static final long RLIM_INFINITY = 0xFFFFFFFFFFFFFFFFL;
    private static final int RLIMIT_STACK = 3, RLIMIT_NOFILE = 7;
    private static final int PR_SET_NAME = 15, PR_GET_NAME = 16, TASK_COMM_LEN = 16;

    /** exit ends the calling thread only; the process ends with its last thread. */
    @Syscall(name = "exit", args = {INT}, result = Syscall.Result.NONE)
    static int exit(GuestProcess p, int status) { throw new GuestExit(status); }

    @Syscall(name = "exit_group", args = {INT}, result = Syscall.Result.NONE)
    static int exitGroup(GuestProcess p, int status) { throw p.exitGroup(status); }

    @Syscall(name = "getpid")
    static int getpid(GuestProcess p) { return p.pid(); }

    @Syscall(name = "gettid")
    static int gettid(GuestProcess p) { return p.tid(); }

    @Syscall(name = "getppid")
    static int getppid(GuestProcess p) { return p.parentPid(); }

    private static int hostUid() { return HostIdentity.uid(); }

    private static int hostGid() { return HostIdentity.gid(); }

    @Syscall(name = "getuid") static int getuid(GuestProcess p) { return hostUid(); }
    @Syscall(name = "getuid32") static int getuid32(GuestProcess p) { return hostUid(); }
    @Syscall(name = "geteuid") static int geteuid(GuestProcess p) { return hostUid(); }
    @Syscall(name = "geteuid32") static int geteuid32(GuestProcess p) { return hostUid(); }
    @Syscall(name = "getgid") static int getgid(GuestProcess p) { return hostGid(); }
    @Syscall(name = "getgid32") static int getgid32(GuestProcess p) { return hostGid(); }
    @Syscall(name = "getegid") static int getegid(GuestProcess p) { return hostGid(); }
    @Syscall(name = "getegid32") static int getegid32(GuestProcess p) { return hostGid(); }

    @Syscall(name = "getgroups32", args = {INT, POINTER})
    static int getgroups32(GuestProcess p, int size, int list) {
        int[] groups = HostIdentity.groups();
        if (size == 0) return groups.length;
        if (size < groups.length) throw new SyscallError(Errno.EINVAL);
        for (int i = 0; i < groups.length; i++) p.write32(list + 4 * i, groups[i]);
        return groups.length;
    }

    @Syscall(name = "set_tid_address", args = {POINTER})
    static int setTidAddress(GuestProcess p, int address) {
        p.setClearChildTid(address);
        return p.tid();
    }

    /** sizeof(struct robust_list_head) on i386: the list, the futex offset, the pending entry. */
    private static final int ROBUST_LIST_HEAD_BYTES = 12;

    @Syscall(name = "set_robust_list", args = {POINTER, UNSIGNED})
    static int setRobustList(GuestProcess p, int head, int length) {
        if (length != ROBUST_LIST_HEAD_BYTES) throw new SyscallError(Errno.EINVAL);
        p.setRobustList(head);
        return 0;
    }

    @Syscall(name = "get_robust_list", args = {INT, POINTER, POINTER})
    static int getRobustList(GuestProcess p, int tid, int headAddress, int lengthAddress) {
        GuestProcess task = tid == 0 ? p : p.processes().findThread(tid);
        if (task == null) throw new SyscallError(Errno.ESRCH);
        p.write32(headAddress, task.robustList());
        p.write32(lengthAddress, ROBUST_LIST_HEAD_BYTES);
        return 0;
    }

    /** Restartable sequences are not offered (as on a kernel without CONFIG_RSEQ); glibc then does without. */
    @Syscall(name = "rseq", args = {POINTER, UNSIGNED, HEX, HEX})
    static int rseq(GuestProcess p, int area, int length, int flags, int signature) {
        throw new SyscallError(Errno.ENOSYS);
    }

    @Syscall(name = "set_thread_area", args = {POINTER})
    static int setThreadArea(GuestProcess p, int userDescriptor) {
        installThreadArea(p, p, userDescriptor, true);
        return 0;
    }

    /**
     * do_set_thread_area: installs the user_desc at {@code userDescriptor} (read from {@code reader}'s memory) as a
     * TLS entry of {@code target}. Entry -1 asks for a free one when {@code canAllocate} (set_thread_area writes
     * the number back); clone's CLONE_SETTLS must name its entry.
     */
    /** Whether the user_desc at {@code userDescriptor} names a TLS entry (CLONE_SETTLS, checked before cloning). */
    static void checkThreadArea(GuestProcess reader, int userDescriptor) {
        StructLayout layout = StructLayout.of("user_desc");
        int entry = reader.read32(userDescriptor + layout.offset("entry_number"));
        reader.readBytes(userDescriptor, layout.size());
        if (!ThreadAreaTable.isTlsEntry(entry)) throw new SyscallError(Errno.EINVAL);
    }

    static void installThreadArea(GuestProcess target, GuestProcess reader, int userDescriptor, boolean canAllocate) {
        StructLayout layout = StructLayout.of("user_desc");
        StructBuffer desc = layout.wrap(reader.readBytes(userDescriptor, layout.size()));
        int entry = desc.getInt("entry_number");
        if (entry == -1 && canAllocate) {
            entry = target.threadAreas().freeEntry();
            if (entry < 0) throw new SyscallError(Errno.ESRCH);
            reader.write32(userDescriptor + layout.offset("entry_number"), entry);
        }
        if (!ThreadAreaTable.isTlsEntry(entry)) throw new SyscallError(Errno.EINVAL);
        int base = desc.getInt("base_addr"), limit = desc.getInt("limit");
        int flags = reader.read32(userDescriptor + layout.offset("limit") + 4);
        boolean empty = base == 0 && limit == 0 && (flags & 0x7F) == 0x28; // read_exec_only + seg_not_present
        target.threadAreas().set(entry, empty ? null : new ThreadAreaTable.Descriptor(base, limit, flags));
    }

    @Syscall(name = "get_thread_area", args = {POINTER})
    static int getThreadArea(GuestProcess p, int userDescriptor) {
        StructLayout layout = StructLayout.of("user_desc");
        int entry = p.read32(userDescriptor + layout.offset("entry_number"));
        if (!ThreadAreaTable.isTlsEntry(entry)) throw new SyscallError(Errno.EINVAL);
        ThreadAreaTable.Descriptor d = p.threadAreas().get(entry);
        StructBuffer out = layout.newBuffer().put("entry_number", entry);
        out.put("base_addr", d == null ? 0 : d.base()).put("limit", d == null ? 0 : d.limit());
        p.writeBytes(userDescriptor, out.bytes());
        p.write32(userDescriptor + layout.offset("limit") + 4, d == null ? 0x28 : d.flags());
        return 0;
    }

    @Syscall(name = "uname", args = {POINTER})
    static int uname(GuestProcess p, int buffer) {
        StructBuffer u = StructLayout.of("new_utsname").newBuffer();
        u.putString("sysname", "Linux");
        u.putString("nodename", hostText("/proc/sys/kernel/hostname", "localhost"));
        u.putString("release", System.getProperty("os.version", "6.1.0"));
        u.putString("version", hostText("/proc/sys/kernel/version", "#1 SMP"));
        u.putString("machine", "i686");
        u.putString("domainname", hostText("/proc/sys/kernel/domainname", "(none)"));
        p.writeBytes(buffer, u.bytes());
        return 0;
    }

    private static String hostText(String file, String fallback) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
    }

    /** The limits a default Linux session has: 8 MiB stack, 1024 descriptors, everything else unlimited. */
    private static long[] limit(int resource) {
        return switch (resource) {
            case RLIMIT_STACK -> new long[] {GuestProcess.STACK_SIZE, RLIM_INFINITY};
            case RLIMIT_NOFILE -> new long[] {1024, 1048576};
            default -> {
                if (resource < 0 || resource > 15) throw new SyscallError(Errno.EINVAL);
                yield new long[] {RLIM_INFINITY, RLIM_INFINITY};
            }
        };
    }

    @Syscall(name = "prlimit64", args = {INT, Arg.RESOURCE, POINTER, POINTER})
    static int prlimit64(GuestProcess p, int pid, int resource, int newLimit, int oldLimit) {
        if (pid != 0 && pid != p.pid()) throw new SyscallError(Errno.ESRCH);
        long[] current = limit(resource);
        if (oldLimit != 0) {
            p.writeBytes(oldLimit, StructLayout.of("rlimit64").newBuffer().put("rlim_cur", current[0])
                    .put("rlim_max", current[1]).bytes());
        }
        return 0; // new limits are accepted and not enforced
    }

    @Syscall(name = "ugetrlimit", args = {Arg.RESOURCE, POINTER})
    static int ugetrlimit(GuestProcess p, int resource, int limit) {
        long[] current = limit(resource);
        p.writeBytes(limit, StructLayout.of("rlimit").newBuffer().put("rlim_cur", clamp(current[0]))
                .put("rlim_max", clamp(current[1])).bytes());
        return 0;
    }

    @Syscall(name = "setrlimit", args = {Arg.RESOURCE, POINTER})
    static int setrlimit(GuestProcess p, int resource, int limit) {
        limit(resource);
        return 0;
    }

    private static long clamp(long value) {
        return value == RLIM_INFINITY || value > 0xFFFFFFFFL ? 0xFFFFFFFFL : value;
    }

    @Syscall(name = "prctl", args = {INT, HEX, HEX, HEX, HEX})
    static int prctl(GuestProcess p, int option, int a2, int a3, int a4, int a5) {
        if (option == PR_GET_NAME) {
            String name = Path.of(p.filesystem().executablePath()).getFileName().toString();
            byte[] comm = new byte[TASK_COMM_LEN];
            byte[] text = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            System.arraycopy(text, 0, comm, 0, Math.min(text.length, TASK_COMM_LEN - 1));
            p.writeBytes(a2, comm);
            return 0;
        }
        if (option == PR_SET_NAME) return 0;
        throw new SyscallError(Errno.EINVAL);
    }

    @Syscall(name = "umask", args = {Arg.OCTAL}, result = Syscall.Result.DECIMAL)
    static int umask(GuestProcess p, int mask) { return p.filesystem().setUmask(mask); }
}
