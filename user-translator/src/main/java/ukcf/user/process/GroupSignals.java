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
    private boolean ending;
    /** During execve's de_thread: the one thread that is not ending. */
    private Signals survivor;

    synchronized void join(Signals thread) { threads.add(thread); }

    synchronized void leave(Signals thread) { threads.remove(thread); }

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
    void end() {
        List<Signals> all;
        synchronized (this) {
            ending = true;
            notifyAll();
            all = new ArrayList<>(threads);
        }
        for (Signals t : all) t.wake();
    }

    /** Whether {@code thread} must leave what it is doing and end. */
    synchronized boolean isEnding(Signals thread) { return ending && thread != survivor; }

    /** execve's de_thread: every thread but {@code keep} ends. */
    void endAllBut(Signals keep) {
        synchronized (this) {
            survivor = keep;
        }
        end();
    }

    /** The other threads have gone: the survivor's group goes on. */
    synchronized void endDone() {
        ending = false;
        survivor = null;
    }
}
