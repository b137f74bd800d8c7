package ukcf.user.process;

import java.util.Arrays;

/**
 * One guest process's signal state (kernel/signal.c for a single-threaded process): dispositions, the blocked
 * mask, pending signals with their siginfo, and the alternate stack. Other guest processes post signals from
 * their own Java threads, so posting and taking are synchronized; a post wakes the receiver out of a blocking
 * system call by interrupting its thread (the call then answers EINTR, or is restarted).
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
    private static final long UNBLOCKABLE = bit(SIGKILL) | bit(SIGSTOP);
    /** Signals whose default action is to be ignored; stop signals are treated as ignored as well for now. */
    private static final long IGNORED_BY_DEFAULT = bit(SIGCHLD) | bit(SIGURG) | bit(SIGWINCH) | bit(SIGCONT)
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

    private final Action[] actions = new Action[NSIG + 1];
    private final Info[] pendingInfo = new Info[NSIG + 1];
    private long pending;
    private long blocked;
    /** The mask rt_sigsuspend replaced, restored through the frame of the signal that ends the suspension. */
    private Long maskBeforeSuspend;
    private AlternateStack alternateStack = AlternateStack.NONE;
    private RealTimer realTimer;
    private volatile Thread receiver;

    public Signals() {
        Arrays.fill(actions, Action.DEFAULT);
    }

    /** fork: the child inherits dispositions, mask and alternate stack; nothing is pending in it. */
    public synchronized Signals copy() {
        Signals child = new Signals();
        System.arraycopy(actions, 0, child.actions, 0, actions.length);
        child.blocked = blocked;
        child.alternateStack = alternateStack;
        return child;
    }

    /** execve: handled signals revert to their default action; ignored ones, the mask and pending stay. */
    public synchronized void resetHandlers() {
        for (int i = 1; i <= NSIG; i++) if (actions[i].hasHandler()) actions[i] = Action.DEFAULT;
        alternateStack = AlternateStack.NONE;
    }

    public static long bit(int signal) { return 1L << (signal - 1); }

    /** ITIMER_REAL, created on first use (fork's copy starts without one). */
    public synchronized RealTimer realTimer() {
        if (realTimer == null) realTimer = new RealTimer(this);
        return realTimer;
    }

    void setReceiver(Thread thread) { receiver = thread; }

    public synchronized Action action(int signal) { return actions[signal]; }

    public synchronized void setAction(int signal, Action action) {
        actions[signal] = action;
        if (ignores(signal)) {
            pending &= ~bit(signal); // setting SIG_IGN (or SIG_DFL where that ignores) discards a pending one
            pendingInfo[signal] = null;
        }
    }

    public synchronized long blocked() { return blocked; }

    public synchronized void setBlocked(long mask) {
        blocked = mask & ~UNBLOCKABLE;
        notifyAll();
    }

    public synchronized long pending() { return pending; }

    public synchronized AlternateStack alternateStack() { return alternateStack; }

    public synchronized void setAlternateStack(AlternateStack stack) { alternateStack = stack; }

    private boolean ignores(int signal) {
        Action action = actions[signal];
        return action.handler() == SIG_IGN || action.handler() == SIG_DFL && (IGNORED_BY_DEFAULT & bit(signal)) != 0;
    }

    /** Whether the default action of {@code signal} ignores it (stop signals included for now). */
    public static boolean ignoredByDefault(int signal) { return (IGNORED_BY_DEFAULT & bit(signal)) != 0; }

    /**
     * Makes {@code info} pending (a standard signal already pending is not queued twice) and wakes the receiver.
     * An ignored, unblocked signal is discarded, as the kernel does at send time.
     */
    public void post(Info info) {
        int signal = info.signal();
        synchronized (this) {
            if (ignores(signal) && (blocked & bit(signal)) == 0) return;
            if ((pending & bit(signal)) != 0) return;
            pending |= bit(signal);
            pendingInfo[signal] = info;
            notifyAll();
            if ((blocked & bit(signal)) != 0) return;
        }
        Thread thread = receiver;
        // Only a thread parked in a blocking call is interrupted: an interrupt during host file I/O would close
        // the FileChannel. A signal that misses the window is delivered at the next safe point.
        if (thread != null && thread != Thread.currentThread()) {
            Thread.State state = thread.getState();
            if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) thread.interrupt();
        }
    }

    /** Whether an unblocked signal is pending. */
    public synchronized boolean hasDeliverable() { return (pending & ~blocked) != 0; }

    /** Removes and answers the lowest-numbered unblocked pending signal, or null. */
    public synchronized Info takeDeliverable() {
        long ready = pending & ~blocked;
        if (ready == 0) return null;
        int signal = Long.numberOfTrailingZeros(ready) + 1;
        pending &= ~bit(signal);
        Info info = pendingInfo[signal];
        pendingInfo[signal] = null;
        return info;
    }

    /** rt_sigsuspend: replaces the mask with {@code mask} and waits until an unblocked signal is pending. */
    public synchronized void suspend(long mask) {
        maskBeforeSuspend = blocked;
        blocked = mask & ~UNBLOCKABLE;
        while ((pending & ~blocked) == 0) {
            try {
                wait();
            } catch (InterruptedException woken) {
                // a post interrupts the thread as well as notifying: check again
            }
        }
    }

    /** The mask to restore after the handler of a signal now delivered (the one before rt_sigsuspend, if any). */
    synchronized long maskToRestore() {
        long mask = maskBeforeSuspend != null ? maskBeforeSuspend : blocked;
        maskBeforeSuspend = null;
        return mask;
    }

    /** After a signal that ends a suspension took the default path (ignored), the suspended mask comes back. */
    synchronized void endSuspension() {
        if (maskBeforeSuspend != null) blocked = maskBeforeSuspend;
        maskBeforeSuspend = null;
    }

    /** The handler is entered: block its mask (and itself unless SA_NODEFER), and reset it if SA_RESETHAND. */
    synchronized void enterHandler(int signal, Action action) {
        long add = action.mask() | ((action.flags() & SA_NODEFER) == 0 ? bit(signal) : 0);
        blocked = (blocked | add) & ~UNBLOCKABLE;
        if ((action.flags() & SA_RESETHAND) != 0) actions[signal] = Action.DEFAULT;
    }
}
