package ukcf.user.process;

/**
 * One guest thread's signal state (kernel/signal.c): its blocked mask, the signals sent to it alone (tgkill, a
 * fault), its alternate stack, and references to what it shares: the dispositions ({@link SignalActions}, shared
 * by CLONE_SIGHAND) and its thread group's process-directed pending signals ({@link GroupSignals}, whose monitor
 * guards the signal state of every thread of the group). Other threads post signals from their own Java threads;
 * a post wakes the receiver out of a blocking system call: a thread parked in {@link #park} (futex, sleep) is
 * unparked, any other thread waiting in the JVM is interrupted (the call then answers EINTR, or is restarted).
 */
public final class Signals {
    public static final int SIGHUP = 1, SIGILL = 4, SIGTRAP = 5, SIGBUS = 7, SIGFPE = 8, SIGKILL = 9,
            SIGSEGV = 11, SIGPIPE = 13, SIGALRM = 14, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20, SIGTTIN = 21, SIGTTOU = 22,
            SIGURG = 23, SIGWINCH = 28;
    public static final int NSIG = 64;
    public static final int SIG_DFL = 0, SIG_IGN = 1;
    public static final int SA_SIGINFO = 0x4, SA_ONSTACK = 0x08000000, SA_RESTART = 0x10000000,
            SA_NODEFER = 0x40000000, SA_RESETHAND = 0x80000000, SA_RESTORER = 0x04000000;
    public static final int SS_ONSTACK = 1, SS_DISABLE = 2;
    /** si_code values (include/uapi/asm-generic/siginfo.h). */
    public static final int SI_USER = 0, SI_KERNEL = 0x80, SI_QUEUE = -1, SI_TKILL = -6, CLD_EXITED = 1, CLD_KILLED = 2,
            SEGV_MAPERR = 1, SEGV_ACCERR = 2, ILL_ILLOPN = 2, FPE_INTDIV = 1, FPE_FLTINV = 7, TRAP_BRKPT = 1;
    static final long UNBLOCKABLE = bit(SIGKILL) | bit(SIGSTOP);
    /** Signals whose default action is to be ignored; stop signals are treated as ignored as well for now. */
    static final long IGNORED_BY_DEFAULT = bit(SIGCHLD) | bit(SIGURG) | bit(SIGWINCH) | bit(SIGCONT)
            | bit(SIGSTOP) | bit(SIGTSTP) | bit(SIGTTIN) | bit(SIGTTOU);

    /** A disposition as rt_sigaction stores it (the kernel's struct sigaction). */
    public record Action(int handler, int flags, int restorer, long mask) {
        public static final Action DEFAULT = new Action(SIG_DFL, 0, 0, 0);

        public boolean hasHandler() { return handler != SIG_DFL && handler != SIG_IGN; }
    }

    /**
     * The siginfo of one pending signal: the fields the kernel fills for its si_code ({@code status} is also the
     * si_value of a queued signal: both lie at the same offset).
     */
    public record Info(int signal, int code, int pid, int uid, int status, int address, int trapNumber,
                       int errorCode) {
        public static Info sent(int signal, int code, int pid, int uid) {
            return new Info(signal, code, pid, uid, 0, 0, 0, 0);
        }
    }

    /** sigaltstack's stack: base, size and whether it is disabled. */
    public record AlternateStack(int base, int size, boolean disabled) {
        public static final AlternateStack NONE = new AlternateStack(0, 0, true);

        public boolean contains(int stackPointer) {
            return !disabled && Integer.toUnsignedLong(stackPointer - base) < Integer.toUnsignedLong(size);
        }
    }


    /** Replaced only by execve, when this is its process's only thread. */
    private volatile SignalActions actions;
    private final GroupSignals group;
    private final Object lock;
    private final Info[] pendingInfo = new Info[NSIG + 1];
    private long pending;
    private long blocked;
    /** The mask rt_sigsuspend replaced, restored through the frame of the signal that ends the suspension. */
    private Long maskBeforeSuspend;
    private AlternateStack alternateStack = AlternateStack.NONE;
    private RealTimer realTimer;
    private volatile Thread receiver;

    /** The first thread of a new process: default dispositions, nothing blocked. */
    public Signals() {
        this(new SignalActions(), new GroupSignals());
    }

    private Signals(SignalActions actions, GroupSignals group) {
        this.actions = actions;
        this.group = group;
        this.lock = group;
        group.join(this);
    }

    /**
     * fork and clone: the child's signal state, in this group (CLONE_THREAD) or a new one, sharing the dispositions
     * (CLONE_SIGHAND) or a copy. It inherits the mask and nothing pending; a child sharing memory gets no
     * alternate stack (copy_process resets it for CLONE_VM).
     */
    public Signals cloneFor(boolean sameGroup, boolean shareActions, boolean sharesMemory) {
        synchronized (lock) {
            Signals child = new Signals(shareActions ? actions : actions.copy(),
                    sameGroup ? group : new GroupSignals());
            child.blocked = blocked;
            child.alternateStack = sharesMemory ? AlternateStack.NONE : alternateStack;
            return child;
        }
    }

    /** The thread group's process-directed signals, shared by every {@link Signals} of the group. */
    public GroupSignals group() { return group; }

    /**
     * execve: handled signals revert to their default action; ignored ones, the mask and pending stay. A table
     * shared with another process (CLONE_SIGHAND without CLONE_THREAD) is copied first, as unshare_sighand does.
     */
    public void resetHandlers() {
        actions = actions.copy();
        actions.resetHandlers();
        synchronized (lock) {
            alternateStack = AlternateStack.NONE;
        }
    }

    public static long bit(int signal) { return 1L << (signal - 1); }

    /** ITIMER_REAL, created on first use (fork's copy starts without one). */
    public synchronized RealTimer realTimer() {
        if (realTimer == null) realTimer = new RealTimer(this);
        return realTimer;
    }

    void setReceiver(Thread thread) { receiver = thread; }

    /** This thread has ended: the group no longer offers it process-directed signals. */
    void leave() { group.leave(this); }

    /** Whether this thread's group is ending (exit_group, a fatal signal, another thread's execve). */
    public boolean groupEnding() { return group.isEnding(this); }

    public Action action(int signal) { return actions.get(signal); }

    public void setAction(int signal, Action action) {
        actions.set(signal, action);
        if (ignores(signal)) {
            synchronized (lock) { // setting SIG_IGN (or SIG_DFL where that ignores) discards a pending one
                pending &= ~bit(signal);
                pendingInfo[signal] = null;
                group.discard(signal);
            }
        }
    }

    public long blocked() {
        synchronized (lock) {
            return blocked;
        }
    }

    public void setBlocked(long mask) {
        synchronized (lock) {
            blocked = mask & ~UNBLOCKABLE;
            lock.notifyAll();
        }
    }

    /** The signals pending for this thread: its own and its group's (rt_sigpending). */
    public long pending() {
        synchronized (lock) {
            return pending | group.pendingSet();
        }
    }

    public AlternateStack alternateStack() {
        synchronized (lock) {
            return alternateStack;
        }
    }

    public void setAlternateStack(AlternateStack stack) {
        synchronized (lock) {
            alternateStack = stack;
        }
    }

    boolean ignores(int signal) {
        Action action = actions.get(signal);
        return action.handler() == SIG_IGN || action.handler() == SIG_DFL && (IGNORED_BY_DEFAULT & bit(signal)) != 0;
    }

    boolean blocks(int signal) { return (blocked & bit(signal)) != 0; }

    /** Whether the default action of {@code signal} ignores it (stop signals included for now). */
    public static boolean ignoredByDefault(int signal) { return (IGNORED_BY_DEFAULT & bit(signal)) != 0; }

    /**
     * Makes {@code info} pending for this thread alone (tgkill, a fault; a standard signal already pending is not
     * queued twice) and wakes it. An ignored, unblocked signal is discarded, as the kernel does at send time.
     */
    public void post(Info info) {
        int signal = info.signal();
        synchronized (lock) {
            if (ignores(signal) && !blocks(signal)) return;
            if ((pending & bit(signal)) != 0) return;
            pending |= bit(signal);
            pendingInfo[signal] = info;
            lock.notifyAll();
            if (blocks(signal)) return;
        }
        wake();
    }

    /**
     * Wakes this thread out of a blocking call. A thread parked in {@link #park} is unparked (the permit makes a
     * park that has not started yet return at once); any other waiting thread is interrupted, but only while it
     * waits: an interrupt during host file I/O would close the FileChannel. A signal that misses the window is
     * delivered at the next safe point.
     */
    void wake() {
        Thread thread = receiver;
        if (thread == null || thread == Thread.currentThread()) return;
        java.util.concurrent.locks.LockSupport.unpark(thread);
        Thread.State state = thread.getState();
        if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) thread.interrupt();
    }

    /**
     * Whether an unblocked signal is pending for this thread or its group, or the group is ending (exit_group, a
     * fatal signal): a blocking call then returns.
     */
    public boolean hasDeliverable() {
        synchronized (lock) {
            return ((pending | group.pendingSet()) & ~blocked) != 0 || group.isEnding(this);
        }
    }

    /**
     * Removes and answers the lowest-numbered unblocked pending signal, this thread's own before its group's
     * (dequeue_signal), or null.
     */
    public Info takeDeliverable() {
        synchronized (lock) {
            long ready = pending & ~blocked;
            if (ready != 0) {
                int signal = Long.numberOfTrailingZeros(ready) + 1;
                pending &= ~bit(signal);
                Info info = pendingInfo[signal];
                pendingInfo[signal] = null;
                return info;
            }
            return group.take(~blocked);
        }
    }

    /**
     * Parks the calling thread (this one) for at most {@code nanos} (negative: without limit) or until a post or
     * {@link java.util.concurrent.locks.LockSupport#unpark} wakes it; callers re-check their condition in a loop.
     */
    public static void park(long nanos) {
        Thread.interrupted(); // a wake-up's interrupt must not make every later park return at once
        if (nanos < 0) {
            java.util.concurrent.locks.LockSupport.park();
        } else if (nanos > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(nanos);
        }
    }

    /**
     * Sleeps {@code nanos} unless a signal becomes deliverable first (nanosleep); answers the nanoseconds left,
     * 0 when the time passed.
     */
    public long sleep(long nanos) {
        long deadline = System.nanoTime() + nanos;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return 0;
            if (hasDeliverable()) return left;
            park(left);
        }
    }

    /** rt_sigsuspend: replaces the mask with {@code mask} and waits until an unblocked signal is pending. */
    public void suspend(long mask) {
        synchronized (lock) {
            maskBeforeSuspend = blocked;
            blocked = mask & ~UNBLOCKABLE;
            while (((pending | group.pendingSet()) & ~blocked) == 0 && !group.isEnding(this)) {
                try {
                    lock.wait();
                } catch (InterruptedException woken) {
                    // a post interrupts the thread as well as notifying: check again
                }
            }
        }
    }

    /** The mask to restore after the handler of a signal now delivered (the one before rt_sigsuspend, if any). */
    long maskToRestore() {
        synchronized (lock) {
            long mask = maskBeforeSuspend != null ? maskBeforeSuspend : blocked;
            maskBeforeSuspend = null;
            return mask;
        }
    }

    /** After a signal that ends a suspension took the default path (ignored), the suspended mask comes back. */
    void endSuspension() {
        synchronized (lock) {
            if (maskBeforeSuspend != null) blocked = maskBeforeSuspend;
            maskBeforeSuspend = null;
        }
    }

    /** The handler is entered: block its mask (and itself unless SA_NODEFER), and reset it if SA_RESETHAND. */
    void enterHandler(int signal, Action action) {
        synchronized (lock) {
            long add = action.mask() | ((action.flags() & SA_NODEFER) == 0 ? bit(signal) : 0);
            blocked = (blocked | add) & ~UNBLOCKABLE;
        }
        if ((action.flags() & SA_RESETHAND) != 0) actions.set(signal, Action.DEFAULT);
    }
}
