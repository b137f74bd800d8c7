package ukcf.user.syscall;

import static ukcf.user.syscall.Arg.HEX;
import static ukcf.user.syscall.Arg.INT;
import static ukcf.user.syscall.Arg.POINTER;
import static ukcf.user.syscall.Arg.STRING;
import static ukcf.user.syscall.Arg.UNSIGNED;

import java.util.ArrayList;
import java.util.List;
import ukcf.user.fs.ResolvedPath;
import ukcf.user.process.ExecFailure;
import ukcf.user.process.GuestProcess;
import ukcf.user.process.ProgramImage;

/**
 * Process and thread creation and replacement: fork, vfork, clone, clone3, execve, wait4 (kernel/fork.c,
 * fs/exec.c, kernel/exit.c). Every guest process and thread of a run lives in this JVM, each on its own Java
 * thread; {@link GuestProcess#cloneTask} builds the task, this class checks the flags as copy_process does.
 */
final class LifecycleSyscalls {
    private LifecycleSyscalls() { }

    private static final long CLONE_VM = 0x100, CLONE_FS = 0x200, CLONE_FILES = 0x400, CLONE_SIGHAND = 0x800,
            CLONE_PIDFD = 0x1000, CLONE_PTRACE = 0x2000, CLONE_VFORK = 0x4000, CLONE_PARENT = 0x8000,
            CLONE_THREAD = 0x10000, CLONE_NEWNS = 0x20000, CLONE_SYSVSEM = 0x40000, CLONE_SETTLS = 0x80000,
            CLONE_PARENT_SETTID = 0x100000, CLONE_CHILD_CLEARTID = 0x200000, CLONE_DETACHED = 0x400000,
            CLONE_UNTRACED = 0x800000, CLONE_CHILD_SETTID = 0x1000000, CLONE_NEWCGROUP = 0x2000000,
            CLONE_NEWUTS = 0x4000000, CLONE_NEWIPC = 0x8000000, CLONE_NEWUSER = 0x10000000,
            CLONE_NEWPID = 0x20000000, CLONE_NEWNET = 0x40000000, CLONE_IO = 0x80000000L,
            CLONE_CLEAR_SIGHAND = 1L << 32, CLONE_INTO_CGROUP = 1L << 33;
    private static final long NAMESPACES = CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC
            | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET;
    /** What clone's flags word may hold besides the exit signal (CLONE_LEGACY_FLAGS). */
    private static final long LEGACY_FLAGS = 0xFFFFFFFFL & ~0xFFL;
    private static final int CSIGNAL = 0xff, SIGCHLD = 17;
    private static final int WNOHANG = 1;
    private static final int RUSAGE_BYTES = 72; // i386 struct rusage: two timevals and fourteen longs
    private static final int MAX_ARGUMENTS = 0x7FFFFFFF / 4;
    /** struct clone_args: eleven 64-bit fields; VER0 ends after tls, VER1 after set_tid_size, VER2 after cgroup. */
    private static final int CLONE_ARGS_SIZE_VER0 = 64, CLONE_ARGS_SIZE_VER2 = 88, PAGE_SIZE = 4096;

    /** One clone request, as kernel_clone_args holds it. */
    private record CloneRequest(long flags, int exitSignal, int stack, int parentTid, int tls, int childTid) { }

    @Syscall(name = "fork")
    static int fork(GuestProcess p) { return p.fork().pid(); }

    /** vfork: the child borrows this process's memory and the parent sleeps until it calls execve or exits. */
    @Syscall(name = "vfork")
    static int vfork(GuestProcess p) {
        return spawn(p, new CloneRequest(CLONE_VM | CLONE_VFORK, SIGCHLD, 0, 0, 0, 0));
    }

    @Syscall(name = "clone", args = {HEX, POINTER, POINTER, POINTER, POINTER})
    static int clone(GuestProcess p, int flags, int stack, int parentTid, int tls, int childTid) {
        long all = Integer.toUnsignedLong(flags);
        return spawn(p, new CloneRequest(all & ~CSIGNAL, flags & CSIGNAL, stack, parentTid, tls, childTid));
    }

    /** clone3(struct clone_args *, size): the same request in a versioned structure of 64-bit fields. */
    @Syscall(name = "clone3", args = {POINTER, UNSIGNED})
    static int clone3(GuestProcess p, int arguments, int size) {
        long length = Integer.toUnsignedLong(size);
        if (length > PAGE_SIZE) throw new SyscallError(Errno.E2BIG);
        if (length < CLONE_ARGS_SIZE_VER0) throw new SyscallError(Errno.EINVAL);
        byte[] raw = p.readBytes(arguments, (int) length);
        for (int i = CLONE_ARGS_SIZE_VER2; i < raw.length; i++) if (raw[i] != 0) throw new SyscallError(Errno.E2BIG);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(java.util.Arrays.copyOf(raw, CLONE_ARGS_SIZE_VER2))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long flags = b.getLong(0), childTid = b.getLong(16), parentTid = b.getLong(24), exitSignal = b.getLong(32);
        long stack = b.getLong(40), stackSize = b.getLong(48), tls = b.getLong(56);
        long setTid = b.getLong(64), setTidSize = b.getLong(72);
        if ((exitSignal & ~(long) CSIGNAL) != 0 || exitSignal > 64) throw new SyscallError(Errno.EINVAL);
        if ((flags & ~(LEGACY_FLAGS | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP)) != 0) {
            throw new SyscallError(Errno.EINVAL);
        }
        if ((flags & (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND)) == (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND)) {
            throw new SyscallError(Errno.EINVAL);
        }
        if ((flags & (CLONE_THREAD | CLONE_PARENT)) != 0 && exitSignal != 0) throw new SyscallError(Errno.EINVAL);
        if ((setTid == 0) != (setTidSize == 0)) throw new SyscallError(Errno.EINVAL);
        if (setTidSize != 0) throw new SyscallError(Errno.EPERM); // choosing a pid needs CAP_SYS_ADMIN
        if ((flags & CLONE_INTO_CGROUP) != 0) throw new SyscallError(Errno.EPERM);
        if ((stack == 0) != (stackSize == 0)) throw new SyscallError(Errno.EINVAL);
        if (((stack + stackSize) >>> 32) != 0 || ((childTid | parentTid | tls) >>> 32) != 0) {
            throw new SyscallError(Errno.EFAULT);
        }
        // The stack grows down: clone3 starts the child at the top of [stack, stack + stack_size).
        return spawn(p, new CloneRequest(flags, (int) exitSignal, (int) (stack + stackSize), (int) parentTid,
                (int) tls, (int) childTid));
    }

    /** copy_process's flag checks, then the new task. */
    private static int spawn(GuestProcess p, CloneRequest r) {
        long f = r.flags();
        if ((f & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS)) throw new SyscallError(Errno.EINVAL);
        if ((f & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS)) throw new SyscallError(Errno.EINVAL);
        if ((f & CLONE_THREAD) != 0 && (f & CLONE_SIGHAND) == 0) throw new SyscallError(Errno.EINVAL);
        if ((f & CLONE_SIGHAND) != 0 && (f & CLONE_VM) == 0) throw new SyscallError(Errno.EINVAL);
        if ((f & CLONE_PIDFD) != 0) {
            if ((f & (CLONE_DETACHED | CLONE_THREAD)) != 0) throw new SyscallError(Errno.EINVAL);
            throw new SyscallError(Errno.EINVAL); // no pidfds: as a kernel that cannot allocate one
        }
        if ((f & NAMESPACES) != 0) throw new SyscallError(Errno.EPERM); // an unprivileged caller's answer
        boolean thread = (f & CLONE_THREAD) != 0;
        GuestProcess.Sharing sharing = new GuestProcess.Sharing(thread, (f & CLONE_VM) != 0,
                (f & CLONE_FILES) != 0, (f & CLONE_FS) != 0, (f & CLONE_SIGHAND) != 0, (f & CLONE_VFORK) != 0);
        if ((f & CLONE_SETTLS) != 0) {
            ProcessSyscalls.checkThreadArea(p, r.tls()); // before the child exists: EINVAL, EFAULT fail the clone

        }
        GuestProcess child = p.cloneTask(sharing, thread ? 0 : r.exitSignal(), task -> {
            if (r.stack() != 0) task.cpu().state.gpr[ukcf.cpu.state.CpuState.ESP] = r.stack();
            if ((f & CLONE_SETTLS) != 0) ProcessSyscalls.installThreadArea(task, p, r.tls(), false);
            if ((f & CLONE_CHILD_SETTID) != 0) storeIgnoringFaults(task, r.childTid(), task.tid());
            if ((f & CLONE_CHILD_CLEARTID) != 0) task.setClearChildTid(r.childTid());
            // Before the child runs, as kernel_clone does: a new thread may read its id there at once.
            if ((f & CLONE_PARENT_SETTID) != 0) storeIgnoringFaults(p, r.parentTid(), task.tid());
        });
        return child.tid();
    }

    /** The kernel ignores a failed put_user of a thread id. */
    private static void storeIgnoringFaults(GuestProcess memory, int address, int value) {
        try {
            memory.write32(address, value);
        } catch (SyscallError unwritable) {
            // as kernel_clone and schedule_tail do
        }
    }

    @Syscall(name = "wait4", args = {INT, POINTER, HEX, POINTER})
    static int wait4(GuestProcess p, int pid, int status, int options, int rusage) {
        if (pid < -1 || pid == 0) pid = -1; // process groups are one group for now
        int[] ended;
        try {
            ended = p.processes().await(p.pid(), pid, (options & WNOHANG) != 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyscallError(Errno.EINTR);
        }
        if (ended == null) throw new SyscallError(Errno.ECHILD);
        if (ended[0] != 0) {
            if (status != 0) p.write32(status, ended[1]);
            if (rusage != 0) p.writeBytes(rusage, new byte[RUSAGE_BYTES]);
        }
        return ended[0];
    }

    @Syscall(name = "waitpid", args = {INT, POINTER, HEX})
    static int waitpid(GuestProcess p, int pid, int status, int options) { return wait4(p, pid, status, options, 0); }

    @Syscall(name = "execve", args = {STRING, POINTER, POINTER})
    static int execve(GuestProcess p, int pathAddress, int argv, int envp) {
        String filename = p.readCString(pathAddress);
        List<String> arguments = strings(p, argv), environment = strings(p, envp);
        ResolvedPath resolved = FileSyscalls.lookup(p, Arg.AT_FDCWD, filename, true).existing();
        if (resolved.special() != null) throw new SyscallError(Errno.EACCES);
        try {
            p.execute(ProgramImage.prepare(p.filesystem(), resolved.hostPath(), resolved.guestPath(), filename,
                    arguments, false), filename, environment);
        } catch (ExecFailure e) {
            if (e.warns()) System.err.println("ukcf: execve: " + e.getMessage());
            throw new SyscallError(e.errno());
        }
        return 0;
    }

    /** A NULL-terminated array of string pointers (argv, envp); NULL itself is an empty list. */
    private static List<String> strings(GuestProcess p, int array) {
        List<String> strings = new ArrayList<>();
        if (array == 0) return strings;
        for (int i = 0; i < MAX_ARGUMENTS; i++) {
            int pointer = p.read32(array + 4 * i);
            if (pointer == 0) break;
            strings.add(p.readCString(pointer));
        }
        return strings;
    }
}
