package ukcf.user.process;

import java.util.ArrayList;
import java.util.List;

/**
 * A thread group, what Linux calls a process: its id (the tgid, getpid's answer), its parent, its memory image and
 * its live threads ({@link GuestProcess} tasks), and how it ends. The group ends when its last thread does; its
 * status is the exit_group status or the fatal signal when one ended it, else the status of the last thread to
 * call exit (a leader that called exit waits, as a zombie does, for the others).
 */
public final class TaskGroup {
    private final int tgid;
    private final int parentPid;
    private final GroupSignals signals;
    private final List<GuestProcess> tasks = new ArrayList<>();
    private volatile MemoryImage memory;
    private boolean ending;
    private int exitStatus;
    private int killedBy;
    private boolean finished;

    TaskGroup(int tgid, int parentPid, GroupSignals signals, MemoryImage memory) {
        this.tgid = tgid;
        this.parentPid = parentPid;
        this.signals = signals;
        this.memory = memory;
    }

    public int tgid() { return tgid; }
    public int parentPid() { return parentPid; }
    public GroupSignals signals() { return signals; }
    public MemoryImage memory() { return memory; }
    void setMemory(MemoryImage image) { memory = image; }

    synchronized void add(GuestProcess task) { tasks.add(task); }

    /** The live threads, leader first while it lives. */
    public synchronized List<GuestProcess> tasks() { return new ArrayList<>(tasks); }

    /** The live thread {@code tid}, or null. */
    public synchronized GuestProcess task(int tid) {
        for (GuestProcess t : tasks) if (t.tid() == tid) return t;
        return null;
    }

    /**
     * exit_group ({@code signal} 0) or a fatal signal: the first call decides the group's status; every thread is
     * woken to end. Answers whether this call decided it (and so should report a fatal signal).
     */
    boolean end(int status, int signal) {
        synchronized (this) {
            if (ending) return false;
            ending = true;
            exitStatus = status;
            killedBy = signal;
        }
        signals.end();
        return true;
    }

    /** A thread that was made but never started (its clone failed) leaves without a trace. */
    synchronized void abandon(GuestProcess task) { tasks.remove(task); }

    /** A thread ended with exit({@code status}); answers whether it was the last one. */
    synchronized boolean taskEnded(GuestProcess task, int status) {
        tasks.remove(task);
        if (!ending) exitStatus = status;
        if (!tasks.isEmpty()) {
            notifyAll();
            return false;
        }
        finished = true;
        notifyAll();
        return true;
    }

    /**
     * execve from any thread: every other thread ends first (de_thread); answers when they have, or after the
     * grace period for a thread stuck in a host call (it ends when the call returns, without touching the new
     * image).
     */
    void endOtherThreads(GuestProcess survivor) {
        signals.endAllBut(survivor.signals());
        synchronized (this) {
            long deadline = System.currentTimeMillis() + STUCK_THREAD_GRACE_MILLIS;
            while (tasks.size() > 1 || !tasks.contains(survivor)) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) break;
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    // keep waiting: the others are already ending
                }
            }
        }
    }

    /**
     * How long an ending group waits for a thread that does not come out of a host call (a read of the terminal
     * cannot be interrupted) before the process counts as ended anyway; that thread ends when its call returns.
     */
    private static final long STUCK_THREAD_GRACE_MILLIS = 500;

    /**
     * Waits until every thread has ended (or, once the group is ending, until the grace period for threads stuck
     * in host calls is over); answers the shell's status (128 + signal when a signal ended it).
     */
    public int awaitEnd(Runnable releaseResources) {
        boolean gaveUp = false;
        synchronized (this) {
            long endingSince = 0;
            while (!finished) {
                try {
                    if (!ending) {
                        wait();
                        continue;
                    }
                    long now = System.currentTimeMillis();
                    if (endingSince == 0) endingSince = now;
                    long left = endingSince + STUCK_THREAD_GRACE_MILLIS - now;
                    if (left <= 0) {
                        gaveUp = true;
                        break;
                    }
                    wait(left);
                } catch (InterruptedException e) {
                    // a guest's signal woke the thread that waits for its group: keep waiting
                }
            }
        }
        if (gaveUp) releaseResources.run();
        synchronized (this) {
            return killedBy != 0 ? 128 + killedBy : exitStatus & 0xFF;
        }
    }

    /** wait4's status word: the termination signal, or the exit status in bits 8..15. */
    public synchronized int waitStatus() {
        return killedBy != 0 ? killedBy : (exitStatus & 0xFF) << 8;
    }

    public synchronized int killedBy() { return killedBy; }

    public synchronized int exitStatus() { return exitStatus; }
}
