package ukcf.user.syscall;

import static ukcf.user.syscall.Arg.INT;
import static ukcf.user.syscall.Arg.POINTER;
import static ukcf.user.syscall.Arg.UNSIGNED;

import ukcf.user.process.GuestProcess;

/**
 * The scheduler's questions (kernel/sched/core.c): CPU affinity over the host's processors, the normal policy
 * only (every guest thread is a JVM thread the host schedules), and yielding.
 */
final class SchedulerSyscalls {
    private SchedulerSyscalls() { }

    private static final int SCHED_OTHER = 0, SCHED_FIFO = 1, SCHED_RR = 2, SCHED_BATCH = 3, SCHED_IDLE = 5;
    private static final int MAX_RT_PRIORITY = 99;

    /** The processors the guest may run on: all the JVM may use, as bits 0..n-1 of 32-bit words. */
    @Syscall(name = "sched_getaffinity", args = {INT, UNSIGNED, POINTER})
    static int getaffinity(GuestProcess p, int pid, int length, int mask) {
        requireProcess(p, pid);
        int cpus = Runtime.getRuntime().availableProcessors();
        int maskBytes = (cpus + 31) / 32 * 4;
        // compat_sys_sched_getaffinity: the buffer must hold every possible CPU and be a whole number of longs
        if (length < 0 || (long) length * 8 < cpus || (length & 3) != 0) throw new SyscallError(Errno.EINVAL);
        int written = Math.min(length, maskBytes);
        byte[] bits = new byte[written];
        for (int cpu = 0; cpu < cpus && cpu / 8 < written; cpu++) bits[cpu / 8] |= (byte) (1 << (cpu % 8));
        p.writeBytes(mask, bits);
        return written;
    }

    /** Accepted and not applied: the host places the JVM's threads. */
    @Syscall(name = "sched_setaffinity", args = {INT, UNSIGNED, POINTER})
    static int setaffinity(GuestProcess p, int pid, int length, int mask) {
        requireProcess(p, pid);
        if (length < 0) throw new SyscallError(Errno.EINVAL);
        p.readBytes(mask, Math.min(length, 128));
        return 0;
    }

    /** The execution lock was released around this call (see MemoryImage): a waiting guest thread runs first. */
    @Syscall(name = "sched_yield")
    static int yield(GuestProcess p) {
        Thread.yield();
        return 0;
    }

    @Syscall(name = "sched_getscheduler", args = {INT})
    static int getscheduler(GuestProcess p, int pid) {
        requireProcess(p, pid);
        return SCHED_OTHER;
    }

    @Syscall(name = "sched_getparam", args = {INT, POINTER})
    static int getparam(GuestProcess p, int pid, int param) {
        requireProcess(p, pid);
        p.write32(param, 0);
        return 0;
    }

    /** Only the normal policies are modelled; real-time ones need a privilege the guest does not get here. */
    @Syscall(name = "sched_setscheduler", args = {INT, INT, POINTER})
    static int setscheduler(GuestProcess p, int pid, int policy, int param) {
        requireProcess(p, pid);
        int priority = p.read32(param);
        if (policy == SCHED_FIFO || policy == SCHED_RR) throw new SyscallError(Errno.EPERM);
        if (policy != SCHED_OTHER && policy != SCHED_BATCH && policy != SCHED_IDLE || priority != 0) {
            throw new SyscallError(Errno.EINVAL);
        }
        return 0;
    }

    @Syscall(name = "sched_get_priority_max", args = {INT})
    static int priorityMax(GuestProcess p, int policy) { return priorityRange(policy, MAX_RT_PRIORITY); }

    @Syscall(name = "sched_get_priority_min", args = {INT})
    static int priorityMin(GuestProcess p, int policy) { return priorityRange(policy, 1); }

    private static int priorityRange(int policy, int realTimeBound) {
        return switch (policy) {
            case SCHED_FIFO, SCHED_RR -> realTimeBound;
            case SCHED_OTHER, SCHED_BATCH, SCHED_IDLE -> 0;
            default -> throw new SyscallError(Errno.EINVAL);
        };
    }

    /** pid 0 is the caller; any other must be a guest thread (a process id names its first thread) of this run. */
    private static void requireProcess(GuestProcess p, int pid) {
        if (pid < 0) throw new SyscallError(Errno.EINVAL);
        if (pid != 0 && p.processes().findThread(pid) == null && p.processes().find(pid) == null) {
            throw new SyscallError(Errno.ESRCH);
        }
    }
}
