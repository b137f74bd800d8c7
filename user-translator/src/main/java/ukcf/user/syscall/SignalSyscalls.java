package ukcf.user.syscall;

import static ukcf.user.syscall.Arg.INT;
import static ukcf.user.syscall.Arg.POINTER;
import static ukcf.user.syscall.Arg.UNSIGNED;

import ukcf.user.abi.StructBuffer;
import ukcf.user.abi.StructLayout;
import ukcf.user.process.GuestProcess;
import ukcf.user.process.HostIdentity;
import ukcf.user.process.RealTimer;
import ukcf.user.process.Signals;

/**
 * Signal dispositions, masks, sending and waiting (kernel/signal.c). Delivery itself happens in the run loop of
 * {@link GuestProcess}; rt_sigreturn unwinds the frame it built.
 */
final class SignalSyscalls {
    private SignalSyscalls() { }

    private static final int SIGSET_BYTES = 8;
    private static final int SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;
    private static final int MINSIGSTKSZ = 2048;
    private static final StructLayout SIGACTION = StructLayout.of("kernel_sigaction");
    private static final StructLayout STACK = StructLayout.of("sigaltstack");
    private static final StructLayout INFO = StructLayout.of("siginfo");
    private static final StructLayout ITIMERVAL = StructLayout.of("itimerval");
    private static final StructLayout TIMEVAL = StructLayout.of("__kernel_old_timeval");
    private static final int ITIMER_REAL = 0;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private static void checkSignal(int signal) {
        if (signal < 1 || signal > Signals.NSIG) throw new SyscallError(Errno.EINVAL);
    }

    private static long readSet(GuestProcess p, int address) {
        return (p.read32(address) & 0xFFFFFFFFL) | ((long) p.read32(address + 4) << 32);
    }

    @Syscall(name = "rt_sigaction", args = {Arg.SIGNAL, POINTER, POINTER, UNSIGNED})
    static int rtSigaction(GuestProcess p, int signal, int action, int oldAction, int setSize) {
        if (setSize != SIGSET_BYTES) throw new SyscallError(Errno.EINVAL);
        checkSignal(signal);
        if (action != 0 && (signal == Signals.SIGKILL || signal == Signals.SIGSTOP)) {
            throw new SyscallError(Errno.EINVAL);
        }
        Signals.Action previous = p.signals().action(signal);
        Signals.Action replacement = null;
        if (action != 0) {
            StructBuffer a = SIGACTION.wrap(p.readBytes(action, SIGACTION.size()));
            replacement = new Signals.Action(a.getInt("handler"), a.getInt("flags"), a.getInt("restorer"),
                    a.get("mask"));
        }
        if (oldAction != 0) {
            p.writeBytes(oldAction, SIGACTION.newBuffer().put("handler", previous.handler())
                    .put("flags", previous.flags()).put("restorer", previous.restorer())
                    .put("mask", previous.mask()).bytes());
        }
        if (replacement != null) p.signals().setAction(signal, replacement);
        return 0;
    }

    @Syscall(name = "rt_sigprocmask", args = {Arg.SIGMASK_HOW, POINTER, POINTER, UNSIGNED})
    static int rtSigprocmask(GuestProcess p, int how, int set, int oldSet, int setSize) {
        if (setSize != SIGSET_BYTES) throw new SyscallError(Errno.EINVAL);
        long previous = p.signals().blocked();
        if (set != 0) {
            long mask = readSet(p, set);
            long updated = switch (how) {
                case SIG_BLOCK -> previous | mask;
                case SIG_UNBLOCK -> previous & ~mask;
                case SIG_SETMASK -> mask;
                default -> throw new SyscallError(Errno.EINVAL);
            };
            p.signals().setBlocked(updated);
        }
        if (oldSet != 0) p.write64(oldSet, previous);
        return 0;
    }

    @Syscall(name = "rt_sigpending", args = {POINTER, UNSIGNED})
    static int rtSigpending(GuestProcess p, int set, int setSize) {
        if (setSize != SIGSET_BYTES) throw new SyscallError(Errno.EINVAL);
        p.write64(set, p.signals().pending() & p.signals().blocked());
        return 0;
    }

    /** Waits with {@code mask} in force for a signal; the handler's frame restores the mask from before. */
    @Syscall(name = "rt_sigsuspend", args = {POINTER, UNSIGNED})
    static int rtSigsuspend(GuestProcess p, int set, int setSize) {
        if (setSize != SIGSET_BYTES) throw new SyscallError(Errno.EINVAL);
        p.signals().suspend(readSet(p, set));
        throw new SyscallError(Errno.EINTR);
    }

    @Syscall(name = "pause")
    static int pause(GuestProcess p) {
        p.signals().suspend(p.signals().blocked());
        throw new SyscallError(Errno.EINTR);
    }

    @Syscall(name = "sigaltstack", args = {POINTER, POINTER})
    static int sigaltstack(GuestProcess p, int stack, int oldStack) {
        Signals.AlternateStack current = p.signals().alternateStack();
        boolean onStack = current.contains(p.cpu().state.gpr[ukcf.cpu.state.CpuState.ESP]);
        Signals.AlternateStack replacement = null;
        if (stack != 0) {
            if (onStack) throw new SyscallError(Errno.EPERM);
            StructBuffer s = STACK.wrap(p.readBytes(stack, STACK.size()));
            int flags = s.getInt("ss_flags");
            if ((flags & ~Signals.SS_DISABLE) != 0) throw new SyscallError(Errno.EINVAL);
            if ((flags & Signals.SS_DISABLE) != 0) {
                replacement = Signals.AlternateStack.NONE;
            } else {
                if (Integer.toUnsignedLong(s.getInt("ss_size")) < MINSIGSTKSZ) throw new SyscallError(Errno.ENOMEM);
                replacement = new Signals.AlternateStack(s.getInt("ss_sp"), s.getInt("ss_size"), false);
            }
        }
        if (oldStack != 0) {
            p.writeBytes(oldStack, STACK.newBuffer().put("ss_sp", current.base()).put("ss_size", current.size())
                    .put("ss_flags", onStack ? Signals.SS_ONSTACK : current.disabled() ? Signals.SS_DISABLE : 0)
                    .bytes());
        }
        if (replacement != null) p.signals().setAlternateStack(replacement);
        return 0;
    }

    /**
     * kill: pid > 0 one process; 0, -1 and -pgrp every guest process (process groups are one group for now). A
     * process signal goes to the group: any of its threads that does not block it takes it.
     */
    @Syscall(name = "kill", args = {INT, Arg.SIGNAL})
    static int kill(GuestProcess p, int pid, int signal) {
        if (signal < 0 || signal > Signals.NSIG) throw new SyscallError(Errno.EINVAL);
        if (pid > 0) {
            GuestProcess target = pid == p.pid() ? p : p.processes().find(pid);
            if (target == null) target = p.processes().findThread(pid); // a thread id names its process too
            if (target == null) throw new SyscallError(Errno.ESRCH);
            send(p, target, signal, Signals.SI_USER);
            return 0;
        }
        for (GuestProcess target : p.processes().all()) {
            if (pid == -1 && target.pid() == p.pid()) continue;
            if (target.pid() != p.pid()) send(p, target, signal, Signals.SI_USER);
        }
        if (pid != -1) send(p, p, signal, Signals.SI_USER);
        return 0;
    }

    /** tkill: one thread, by its id, in any process. */
    @Syscall(name = "tkill", args = {INT, Arg.SIGNAL})
    static int tkill(GuestProcess p, int tid, int signal) {
        if (tid <= 0 || signal < 0 || signal > Signals.NSIG) throw new SyscallError(Errno.EINVAL);
        GuestProcess target = tid == p.tid() ? p : p.processes().findThread(tid);
        if (target == null) throw new SyscallError(Errno.ESRCH);
        sendToThread(p, target, signal);
        return 0;
    }

    /** tgkill: thread {@code tid}, only if it belongs to process {@code tgid}. */
    @Syscall(name = "tgkill", args = {INT, INT, Arg.SIGNAL})
    static int tgkill(GuestProcess p, int tgid, int tid, int signal) {
        if (tgid <= 0 || tid <= 0 || signal < 0 || signal > Signals.NSIG) throw new SyscallError(Errno.EINVAL);
        GuestProcess target = tid == p.tid() ? p : p.processes().findThread(tid);
        if (target == null || target.pid() != tgid) throw new SyscallError(Errno.ESRCH);
        sendToThread(p, target, signal);
        return 0;
    }

    /**
     * rt_sigqueueinfo: sends {@code signal} with the caller's siginfo (sigqueue). To another process only codes a
     * kernel would not send are allowed (negative, not SI_TKILL), as the kernel checks.
     */
    @Syscall(name = "rt_sigqueueinfo", args = {INT, Arg.SIGNAL, POINTER})
    static int rtSigqueueinfo(GuestProcess p, int pid, int signal, int info) {
        checkSignal(signal);
        StructBuffer i = INFO.wrap(p.readBytes(info, INFO.size()));
        int code = i.getInt("si_code");
        GuestProcess target = pid == p.pid() ? p : p.processes().find(pid);
        if (target == null) throw new SyscallError(Errno.ESRCH);
        if (target != p && (code >= 0 || code == Signals.SI_TKILL)) throw new SyscallError(Errno.EPERM);
        target.signals().post(new Signals.Info(signal, code, i.getInt("si_pid"), i.getInt("si_uid"),
                i.getInt("si_value"), 0, 0, 0));
        return 0;
    }

    /** alarm: arms ITIMER_REAL for {@code seconds} (0 disarms); answers the seconds left of the previous one. */
    @Syscall(name = "alarm", args = {UNSIGNED})
    static int alarm(GuestProcess p, int seconds) {
        RealTimer.Setting previous = p.signals().realTimer().set(
                new RealTimer.Setting(Integer.toUnsignedLong(seconds) * NANOS_PER_SECOND, 0));
        if (previous.valueNanos() == 0) return 0;
        // alarm_setitimer: whole seconds, rounding half a second up, and never 0 for an armed timer
        long left = (previous.valueNanos() + NANOS_PER_SECOND / 2) / NANOS_PER_SECOND;
        return (int) Math.max(1, left);
    }

    @Syscall(name = "setitimer", args = {INT, POINTER, POINTER})
    static int setitimer(GuestProcess p, int which, int value, int oldValue) {
        checkTimer(which);
        RealTimer.Setting previous = value == 0 ? p.signals().realTimer().get()
                : p.signals().realTimer().set(readItimerval(p, value));
        if (oldValue != 0) writeItimerval(p, oldValue, previous);
        return 0;
    }

    @Syscall(name = "getitimer", args = {INT, POINTER})
    static int getitimer(GuestProcess p, int which, int value) {
        checkTimer(which);
        writeItimerval(p, value, p.signals().realTimer().get());
        return 0;
    }

    /** Only ITIMER_REAL exists here (the CPU-time timers would need guest CPU accounting). */
    private static void checkTimer(int which) {
        if (which != ITIMER_REAL) throw new SyscallError(Errno.EINVAL);
    }

    private static RealTimer.Setting readItimerval(GuestProcess p, int address) {
        StructBuffer v = ITIMERVAL.wrap(p.readBytes(address, ITIMERVAL.size()));
        return new RealTimer.Setting(nanos(v, "it_value"), nanos(v, "it_interval"));
    }

    private static long nanos(StructBuffer itimerval, String field) {
        byte[] b = itimerval.bytes();
        StructBuffer t = TIMEVAL.wrap(java.util.Arrays.copyOfRange(b, ITIMERVAL.offset(field),
                ITIMERVAL.offset(field) + TIMEVAL.size()));
        long seconds = t.getInt("tv_sec"), micros = t.getInt("tv_usec");
        if (seconds < 0 || micros < 0 || micros >= 1_000_000) throw new SyscallError(Errno.EINVAL);
        return seconds * NANOS_PER_SECOND + micros * 1000;
    }

    private static void writeItimerval(GuestProcess p, int address, RealTimer.Setting setting) {
        byte[] bytes = ITIMERVAL.newBuffer().bytes();
        putTimeval(bytes, ITIMERVAL.offset("it_interval"), setting.intervalNanos());
        putTimeval(bytes, ITIMERVAL.offset("it_value"), setting.valueNanos());
        p.writeBytes(address, bytes);
    }

    private static void putTimeval(byte[] into, int offset, long nanos) {
        long micros = (nanos + 999) / 1000; // a running timer never reads as 0
        byte[] t = TIMEVAL.newBuffer().put("tv_sec", micros / 1_000_000).put("tv_usec", micros % 1_000_000).bytes();
        System.arraycopy(t, 0, into, offset, t.length);
    }

    /** Signal 0 only checks that the target exists. */
    private static void send(GuestProcess sender, GuestProcess target, int signal, int code) {
        if (signal == 0) return;
        target.group().signals().post(Signals.Info.sent(signal, code, sender.pid(), HostIdentity.uid()));
    }

    private static void sendToThread(GuestProcess sender, GuestProcess target, int signal) {
        if (signal == 0) return;
        target.signals().post(Signals.Info.sent(signal, Signals.SI_TKILL, sender.pid(), HostIdentity.uid()));
    }

    /** Answers the interrupted code's EAX: the dispatcher stores it back as this call's result. */
    @Syscall(name = "rt_sigreturn", result = Syscall.Result.NONE)
    static int rtSigreturn(GuestProcess p) { return p.returnFromSignal(); }

    @Syscall(name = "sigreturn", result = Syscall.Result.NONE)
    static int sigreturn(GuestProcess p) { return p.returnFromLegacySignal(); }
}
