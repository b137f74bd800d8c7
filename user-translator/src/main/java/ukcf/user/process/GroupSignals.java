package ukcf.user.process;

import java.util.ArrayList;
import java.util.List;

/**
 * A thread group's shared signal state (the kernel's signal_struct): the process-directed pending signals that
 * kill sends and any thread not blocking them may take, and whether the group is ending. Its monitor is the lock
 * of every thread's {@link Signals} in the group, so a thread's mask and the group's pending set change together.
 */
public final class GroupSignals {
    private final List<Signals> threads = new ArrayList<>();
    private final Signals.Info[] pendingInfo = new Signals.Info[Signals.NSIG + 1];
    private long pending;
    /** The threads told to end (all of them for exit_group; all but one for execve's de_thread). */
    private final java.util.Set<Signals> ending = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    synchronized void join(Signals thread) { threads.add(thread); }

    synchronized void leave(Signals thread) {
        threads.remove(thread);
        ending.remove(thread);
    }

    synchronized long pendingSet() { return pending; }

    synchronized void discard(int signal) {
        pending &= ~Signals.bit(signal);
        pendingInfo[signal] = null;
    }

    /** Removes and answers the lowest-numbered pending signal in {@code allowed}, or null. */
    synchronized Signals.Info take(long allowed) {
        long ready = pending & allowed;
        if (ready == 0) return null;
        int signal = Long.numberOfTrailingZeros(ready) + 1;
        pending &= ~Signals.bit(signal);
        Signals.Info info = pendingInfo[signal];
        pendingInfo[signal] = null;
        return info;
    }

    /**
     * kill: makes {@code info} pending for the group and wakes one thread that does not block it, the first
     * (the leader while it lives) by preference, as complete_signal does. An ignored signal that no thread
     * blocks is discarded.
     */
    public void post(Signals.Info info) {
        int signal = info.signal();
        Signals chosen = null;
        synchronized (this) {
            if (threads.isEmpty()) return;
            boolean blockedEverywhere = true;
            for (Signals t : threads) {
                if (!t.blocks(signal)) {
                    blockedEverywhere = false;
                    if (chosen == null) chosen = t;
                }
            }
            if (threads.get(0).ignores(signal) && !blockedEverywhere) return;
            if ((pending & Signals.bit(signal)) != 0) return;
            pending |= Signals.bit(signal);
            pendingInfo[signal] = info;
            notifyAll();
        }
        if (chosen != null) chosen.wake();
    }

    /** exit_group or a fatal signal: every thread leaves its blocking call and ends. */
    void end() { endAllBut(null); }

    /** Whether {@code thread} must leave what it is doing and end. */
    synchronized boolean isEnding(Signals thread) { return ending.contains(thread); }

    /**
     * Every thread but {@code keep} (execve's de_thread; null: none) is told to end and woken. A thread stays told
     * even if the survivor stops waiting for it, so one stuck in a host call ends when the call returns.
     */
    void endAllBut(Signals keep) {
        List<Signals> all;
        synchronized (this) {
            for (Signals t : threads) if (t != keep) ending.add(t);
            notifyAll();
            all = new ArrayList<>(threads);
        }
        for (Signals t : all) if (t != keep) t.wake();
    }
}
