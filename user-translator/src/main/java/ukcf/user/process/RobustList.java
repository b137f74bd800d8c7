package ukcf.user.process;

import ukcf.cpu.fault.GuestFault;
import ukcf.user.syscall.SyscallError;

/**
 * The robust futex list a thread registers with set_robust_list (struct robust_list_head: the list, the futex
 * word's offset from each entry, the entry being taken), released when the thread ends (kernel/futex/core.c).
 */
final class RobustList {
    private RobustList() { }

    private static final int FUTEX_WAITERS = 0x80000000, FUTEX_OWNER_DIED = 0x40000000, FUTEX_TID_MASK = 0x3FFFFFFF;
    /** ROBUST_LIST_LIMIT: how many entries exit follows, against a circular list. */
    private static final int ROBUST_LIST_LIMIT = 2048;

    /**
     * exit_robust_list: every futex on the thread's robust list (and the one it was about to take) that this
     * thread still owns is marked FUTEX_OWNER_DIED and one waiter is woken, so a robust mutex's next owner learns
     * of the death. Runs holding the execution lock, so the compare-and-set is atomic against guest code.
     */
    static void release(GuestProcess task, int robustList, FutexTable futexes) {
        if (robustList == 0) return;
        try {
            int entry = task.read32(robustList);
            int offset = task.read32(robustList + 4);
            int pending = task.read32(robustList + 8);
            for (int i = 0; i < ROBUST_LIST_LIMIT && entry != robustList; i++) {
                int next = task.read32(entry & ~1);
                if ((entry & ~1) != (pending & ~1)) {
                    handleFutexDeath(task, futexes, (entry & ~1) + offset, (entry & 1) != 0);
                }
                entry = next;
            }
            if (pending != 0) handleFutexDeath(task, futexes, (pending & ~1) + offset, (pending & 1) != 0);
        } catch (SyscallError | GuestFault badList) {
            // a corrupt list ends the walk, as in the kernel
        }
    }

    private static void handleFutexDeath(GuestProcess task, FutexTable futexes, int address,
                                         boolean priorityInheritance) {
        if ((address & 3) != 0) return;
        int value = task.read32(address);
        if ((value & FUTEX_TID_MASK) != task.tid()) return;
        int marked = (value & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
        task.write32(address, marked);
        if (!priorityInheritance && (value & FUTEX_WAITERS) != 0) {
            futexes.wake(address, 1, FutexTable.MATCH_ANY);
        }
    }
}
