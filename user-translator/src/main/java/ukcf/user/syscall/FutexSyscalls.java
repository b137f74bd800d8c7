package ukcf.user.syscall;

import static ukcf.user.syscall.Arg.HEX;
import static ukcf.user.syscall.Arg.INT;
import static ukcf.user.syscall.Arg.POINTER;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import ukcf.user.abi.StructLayout;
import ukcf.user.process.FutexTable;
import ukcf.user.process.GuestProcess;

/**
 * futex and futex_time64 (kernel/futex/syscalls.c): the operations glibc's threads, mutexes, condition variables
 * and barriers are built on, over the {@link FutexTable} of the caller's address space. Priority-inheritance
 * futexes are not offered (ENOSYS, warned once).
 */
final class FutexSyscalls {
    private FutexSyscalls() { }

    private static final int FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_FD = 2, FUTEX_REQUEUE = 3, FUTEX_CMP_REQUEUE = 4,
            FUTEX_WAKE_OP = 5, FUTEX_LOCK_PI = 6, FUTEX_UNLOCK_PI = 7, FUTEX_TRYLOCK_PI = 8, FUTEX_WAIT_BITSET = 9,
            FUTEX_WAKE_BITSET = 10, FUTEX_WAIT_REQUEUE_PI = 11, FUTEX_CMP_REQUEUE_PI = 12, FUTEX_LOCK_PI2 = 13;
    private static final int FUTEX_PRIVATE_FLAG = 128, FUTEX_CLOCK_REALTIME = 256;
    private static final int FUTEX_CMD_MASK = ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
    private static final int CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1;
    private static final Set<Integer> WARNED = new HashSet<>();

    /** Where the timeout argument's struct timespec comes from: 32-bit fields, or 64-bit ones (futex_time64). */
    private enum TimeFormat {
        OLD("timespec32"), TIME64("__kernel_timespec");

        final StructLayout layout;

        TimeFormat(String struct) { layout = StructLayout.of(struct); }
    }

    @Syscall(name = "futex", args = {POINTER, HEX, INT, POINTER, POINTER, HEX})
    static int futex(GuestProcess p, int address, int op, int value, int timeout, int address2, int value3) {
        return futex(p, address, op, value, timeout, address2, value3, TimeFormat.OLD);
    }

    @Syscall(name = "futex_time64", args = {POINTER, HEX, INT, POINTER, POINTER, HEX})
    static int futexTime64(GuestProcess p, int address, int op, int value, int timeout, int address2, int value3) {
        return futex(p, address, op, value, timeout, address2, value3, TimeFormat.TIME64);
    }

    private static int futex(GuestProcess p, int address, int op, int value, int timeout, int address2,
                             int value3, TimeFormat format) {
        int command = op & FUTEX_CMD_MASK;
        boolean realtime = (op & FUTEX_CLOCK_REALTIME) != 0;
        if (realtime && command != FUTEX_WAIT_BITSET && command != FUTEX_WAIT_REQUEUE_PI
                && command != FUTEX_LOCK_PI2) {
            throw new SyscallError(Errno.ENOSYS);
        }
        if ((address & 3) != 0) throw new SyscallError(Errno.EINVAL);
        FutexTable futexes = p.memory().futexes();
        FutexTable.Words words = words(p);
        return switch (command) {
            case FUTEX_WAIT -> await(p, address, value, FutexTable.MATCH_ANY,
                    deadline(p, timeout, format, false, realtime));
            case FUTEX_WAIT_BITSET -> {
                if (value3 == 0) throw new SyscallError(Errno.EINVAL);
                yield await(p, address, value, value3, deadline(p, timeout, format, true, realtime));
            }
            case FUTEX_WAKE -> futexes.wake(address, value, FutexTable.MATCH_ANY);
            case FUTEX_WAKE_BITSET -> {
                if (value3 == 0) throw new SyscallError(Errno.EINVAL);
                yield futexes.wake(address, value, value3);
            }
            case FUTEX_REQUEUE, FUTEX_CMP_REQUEUE -> {
                // The fourth argument is a count here, not a timeout pointer.
                if (value < 0 || timeout < 0) throw new SyscallError(Errno.EINVAL);
                if ((address2 & 3) != 0) throw new SyscallError(Errno.EINVAL);
                Integer moved = futexes.requeue(words, address, value, address2, timeout,
                        command == FUTEX_CMP_REQUEUE ? value3 : null);
                if (moved == null) throw new SyscallError(Errno.EAGAIN);
                yield moved;
            }
            case FUTEX_WAKE_OP -> {
                if ((address2 & 3) != 0) throw new SyscallError(Errno.EINVAL);
                ReentrantLock execution = p.memory().executionLock();
                execution.lock(); // the read-modify-write of the second word is atomic against guest code
                try {
                    Integer woken = futexes.wakeOp(words, address, value, address2, timeout, value3);
                    if (woken == null) throw new SyscallError(Errno.ENOSYS);
                    yield woken;
                } finally {
                    execution.unlock();
                }
            }
            case FUTEX_LOCK_PI, FUTEX_UNLOCK_PI, FUTEX_TRYLOCK_PI, FUTEX_WAIT_REQUEUE_PI, FUTEX_CMP_REQUEUE_PI,
                    FUTEX_LOCK_PI2 -> {
                warnOnce(command, "priority-inheritance futexes are not implemented");
                throw new SyscallError(Errno.ENOSYS);
            }
            case FUTEX_FD -> throw new SyscallError(Errno.ENOSYS); // removed in Linux 2.6.26
            default -> throw new SyscallError(Errno.ENOSYS);
        };
    }

    private static FutexTable.Words words(GuestProcess p) {
        return new FutexTable.Words() {
            @Override public int read(int address) { return p.read32(address); }

            @Override public void write(int address, int value) { p.write32(address, value); }
        };
    }

    private static int await(GuestProcess p, int address, int expected, int bitset, long deadline) {
        return switch (p.memory().futexes().await(words(p), address, expected, bitset, deadline,
                p.signals()::hasDeliverable)) {
            case WOKEN -> 0;
            case VALUE_DIFFERS -> throw new SyscallError(Errno.EAGAIN);
            case TIMED_OUT -> throw new SyscallError(Errno.ETIMEDOUT);
            case INTERRUPTED -> throw new SyscallError(Errno.EINTR);
        };
    }

    /**
     * The wait's deadline in {@link System#nanoTime} terms ({@code Long.MAX_VALUE}: none). FUTEX_WAIT's timeout is
     * relative; FUTEX_WAIT_BITSET's is absolute on CLOCK_MONOTONIC, or CLOCK_REALTIME with FUTEX_CLOCK_REALTIME.
     */
    private static long deadline(GuestProcess p, int timeout, TimeFormat format, boolean absolute, boolean realtime) {
        if (timeout == 0) return Long.MAX_VALUE;
        var t = format.layout.wrap(p.readBytes(timeout, format.layout.size()));
        long seconds = format == TimeFormat.OLD ? t.getInt("tv_sec") : t.get("tv_sec");
        long nanos = format == TimeFormat.OLD ? t.getInt("tv_nsec") : t.get("tv_nsec");
        if (seconds < 0 || nanos < 0 || nanos >= 1_000_000_000L) throw new SyscallError(Errno.EINVAL);
        long now = System.nanoTime();
        long wait = saturatedNanos(seconds, nanos);
        if (absolute) wait = saturatedSubtract(wait, TimeSyscalls.read(realtime ? CLOCK_REALTIME : CLOCK_MONOTONIC));
        long deadline = now + Math.max(0, wait);
        return deadline < now ? Long.MAX_VALUE - 1 : deadline;
    }

    private static long saturatedNanos(long seconds, long nanos) {
        return seconds > Long.MAX_VALUE / 1_000_000_000L - 1 ? Long.MAX_VALUE / 2 : seconds * 1_000_000_000L + nanos;
    }

    private static long saturatedSubtract(long a, long b) {
        long r = a - b;
        return ((a ^ b) & (a ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE / 2) : r;
    }

    private static void warnOnce(int command, String what) {
        synchronized (WARNED) {
            if (WARNED.add(command)) System.err.println("ukcf: futex operation " + command + ": " + what);
        }
    }
}
