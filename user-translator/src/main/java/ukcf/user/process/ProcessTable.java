package ukcf.user.process;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * All guest processes of one {@code ukcf run}, which live in one JVM: id allocation (process and thread ids share
 * one space, as in Linux), who is whose child, every live thread by id (tkill), and the exit statuses parents
 * collect with wait4. Every guest thread runs on its own Java thread.
 */
public final class ProcessTable {
    /** A child that has ended and not been waited for: its pid and its wait status (as wait4 encodes it). */
    private record Ended(int pid, int waitStatus) { }

    private final AtomicInteger nextPid;
    private final Map<Integer, List<Integer>> runningChildren = new HashMap<>();
    private final Map<Integer, List<Ended>> endedChildren = new HashMap<>();
    private final Map<Integer, GuestProcess> live = new HashMap<>();
    private final Map<Integer, GuestProcess> threads = new HashMap<>();

    private final java.util.concurrent.atomic.LongAdder executedInstructions = new java.util.concurrent.atomic.LongAdder();

    private final ukcf.kernel.HostKernel kernel = new ukcf.kernel.HostKernel();

    /** The host kernel every process of this run talks to (its log, crypto API, modules, devices). */
    public ukcf.kernel.HostKernel kernel() { return kernel; }

    public ProcessTable(int firstPid) {
        nextPid = new AtomicInteger(firstPid);
    }

    /** Adds the guest instructions a process executed, when its run ends (for {@code --stats-file}). */
    public void countExecuted(long instructions) { executedInstructions.add(instructions); }

    private final java.util.Map<String, Long> engineStatistics = new java.util.concurrent.ConcurrentHashMap<>();

    /** Adds an ended task's engine counters (translator figures) to the run's. */
    public void countEngine(java.util.Map<String, Long> statistics) {
        statistics.forEach((k, v) -> engineStatistics.merge(k, v, Long::sum));
    }

    /** The engine counters of every task that has ended so far. */
    public java.util.Map<String, Long> engineStatistics() { return new java.util.TreeMap<>(engineStatistics); }

    /** Guest instructions executed by every process of the run that has ended so far. */
    public long executedInstructions() { return executedInstructions.sum(); }

    private volatile long instructionLimit = Long.MAX_VALUE;
    private volatile boolean instructionLimitReached;

    /** Stops the run once a process has executed {@code limit} guest instructions (a rate measurement). */
    public void setInstructionLimit(long limit) { instructionLimit = limit; }

    public long instructionLimit() { return instructionLimit; }

    public void markInstructionLimitReached() { instructionLimitReached = true; }

    public boolean instructionLimitReached() { return instructionLimitReached; }

    public int allocatePid() { return nextPid.getAndIncrement(); }

    public synchronized void started(int parent, GuestProcess child) {
        runningChildren.computeIfAbsent(parent, k -> new ArrayList<>()).add(child.pid());
        live.put(child.pid(), child);
    }

    /** A child whose creation failed after {@link #started}: forgotten, as if it never was. */
    public synchronized void abandon(int parent, int child) {
        List<Integer> running = runningChildren.get(parent);
        if (running != null) running.remove(Integer.valueOf(child));
        live.remove(child);
        notifyAll();
    }

    /** Records a process that runs (the first one, and each child as it starts). */
    public synchronized void register(GuestProcess process) { live.put(process.pid(), process); }

    /** Records a live thread under its thread id. */
    public synchronized void registerThread(GuestProcess task) { threads.put(task.tid(), task); }

    /** A thread has ended (or taken its group's id in execve). */
    public synchronized void forgetThread(int tid) { threads.remove(tid); }

    /** The live guest thread {@code tid} of any process, or null. */
    public synchronized GuestProcess findThread(int tid) { return threads.get(tid); }

    /** The running guest process {@code pid} (a task of it: send process signals to its group), or null. */
    public synchronized GuestProcess find(int pid) { return live.get(pid); }

    /** Every running guest process (kill -1). */
    public synchronized List<GuestProcess> all() { return new ArrayList<>(live.values()); }

    public synchronized void ended(int parent, int child, int waitStatus) {
        List<Integer> running = runningChildren.get(parent);
        if (running != null) running.remove(Integer.valueOf(child));
        live.remove(child);
        endedChildren.computeIfAbsent(parent, k -> new ArrayList<>()).add(new Ended(child, waitStatus));
        notifyAll();
    }

    /**
     * Collects an ended child of {@code parent} ({@code pid} -1 for any), waiting unless {@code noHang}.
     * Returns {pid, waitStatus}, {0, 0} when none has ended and noHang, or null when there is no such child.
     */
    public synchronized int[] await(int parent, int pid, boolean noHang) throws InterruptedException {
        while (true) {
            List<Ended> ended = endedChildren.getOrDefault(parent, List.of());
            for (int i = 0; i < ended.size(); i++) {
                if (pid == -1 || ended.get(i).pid() == pid) {
                    Ended e = endedChildren.get(parent).remove(i);
                    return new int[] {e.pid(), e.waitStatus()};
                }
            }
            List<Integer> running = runningChildren.getOrDefault(parent, List.of());
            if (pid == -1 ? running.isEmpty() : !running.contains(pid)) return null;
            if (noHang) return new int[] {0, 0};
            wait();
        }
    }
}
