package ukcf.user.syscall;

import static ukcf.user.syscall.Arg.HEX;
import static ukcf.user.syscall.Arg.INT;
import static ukcf.user.syscall.Arg.POINTER;
import static ukcf.user.syscall.Arg.STRING;

import java.util.ArrayList;
import java.util.List;
import ukcf.user.fs.ResolvedPath;
import ukcf.user.process.ExecFailure;
import ukcf.user.process.GuestProcess;
import ukcf.user.process.ProgramImage;

/**
 * Process creation and replacement: fork, vfork and fork-like clone, execve, wait4 (kernel/fork.c, fs/exec.c,
 * kernel/exit.c). Every guest process of a run lives in this JVM; vfork is a fork, as in qemu-user.
 */
final class LifecycleSyscalls {
    private LifecycleSyscalls() { }

    private static final int CLONE_VM = 0x100, CLONE_FS = 0x200, CLONE_FILES = 0x400, CLONE_SIGHAND = 0x800,
            CLONE_VFORK = 0x4000, CLONE_THREAD = 0x10000, CLONE_SETTLS = 0x80000,
            CLONE_PARENT_SETTID = 0x100000, CLONE_CHILD_CLEARTID = 0x200000, CLONE_CHILD_SETTID = 0x1000000;
    private static final int CSIGNAL = 0xff;
    private static final int WNOHANG = 1;
    private static final int RUSAGE_BYTES = 72; // i386 struct rusage: two timevals and fourteen longs
    private static final int MAX_ARGUMENTS = 0x7FFFFFFF / 4;

    @Syscall(name = "fork")
    static int fork(GuestProcess p) { return p.fork().pid(); }

    @Syscall(name = "vfork")
    static int vfork(GuestProcess p) { return p.fork().pid(); }

    /** clone as fork or vfork (no CLONE_VM sharing without CLONE_VFORK, no threads yet). */
    @Syscall(name = "clone", args = {HEX, POINTER, POINTER, POINTER, POINTER})
    static int clone(GuestProcess p, int flags, int stack, int parentTid, int tls, int childTid) {
        boolean vforkLike = (flags & (CLONE_VM | CLONE_VFORK)) == (CLONE_VM | CLONE_VFORK);
        if ((flags & CLONE_THREAD) != 0 || ((flags & CLONE_VM) != 0 && !vforkLike)
                || (flags & (CLONE_FILES | CLONE_FS | CLONE_SIGHAND | CLONE_SETTLS)) != 0 && !vforkLike) {
            throw new SyscallError(Errno.ENOSYS); // threads come with the thread model
        }
        GuestProcess child = p.forkWith(childProcess -> {
            if (stack != 0) childProcess.cpu().state.gpr[ukcf.cpu.state.CpuState.ESP] = stack;
            if ((flags & CLONE_CHILD_SETTID) != 0) childProcess.write32(childTid, childProcess.pid());
            if ((flags & CLONE_CHILD_CLEARTID) != 0) childProcess.setClearChildTid(childTid);
        });
        if ((flags & CLONE_PARENT_SETTID) != 0) p.write32(parentTid, child.pid());
        // A vfork parent may resume at once: the child has its own copy of memory (as under qemu-user).
        return child.pid();
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
