package ukcf.user.process;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The futex wait queues of one address space (kernel/futex/), keyed by the futex word's address: a
 * {@link MemoryImage} has one table, so the key is (address space, address) for private and shared futexes
 * alike (ukcf shares no memory between address spaces). The table's monitor plays the hash bucket lock: a waiter
 * compares the word and queues itself under it, and a waker takes it after storing the new value, so a wake
 * either finds the waiter queued or the waiter sees the new value (EAGAIN) - no lost wake-ups. Waiting threads
 * park; a wake unparks them, as does a signal post.
 */
public final class FutexTable {
    /** FUTEX_BITSET_MATCH_ANY: the bitset of FUTEX_WAIT and FUTEX_WAKE. */
    public static final int MATCH_ANY = 0xFFFFFFFF;

    /** The futex words in guest memory; the caller makes a read-modify-write atomic (the execution lock). */
    public interface Words {
        int read(int address);

        void write(int address, int value);
    }

    /** How a wait ended. */
    public enum WaitResult { WOKEN, VALUE_DIFFERS, TIMED_OUT, INTERRUPTED }

    private static final class Waiter {
        final Thread thread = Thread.currentThread();
        final int bitset;
        int address;
        boolean woken;

        Waiter(int address, int bitset) {
            this.address = address;
            this.bitset = bitset;
        }
    }

    private final Map<Integer, ArrayDeque<Waiter>> queues = new HashMap<>();

    /**
     * FUTEX_WAIT(_BITSET): if the word at {@code address} still holds {@code expected}, sleeps until a wake whose
     * bitset meets {@code bitset}, until {@code deadline} ({@link System#nanoTime} terms; {@code Long.MAX_VALUE}
     * for none) or until {@code signalled} answers true after a wake-up.
     */
    public WaitResult await(Words words, int address, int expected, int bitset, long deadline,
                            BooleanSupplier signalled) {
        Waiter waiter = new Waiter(address, bitset);
        synchronized (this) {
            if (words.read(address) != expected) return WaitResult.VALUE_DIFFERS;
            queues.computeIfAbsent(address, a -> new ArrayDeque<>()).add(waiter);
        }
        while (true) {
            synchronized (this) {
                if (waiter.woken) return WaitResult.WOKEN;
            }
            WaitResult stop = null;
            long left = deadline == Long.MAX_VALUE ? -1 : deadline - System.nanoTime();
            if (signalled.getAsBoolean()) {
                stop = WaitResult.INTERRUPTED;
            } else if (deadline != Long.MAX_VALUE && left <= 0) {
                stop = WaitResult.TIMED_OUT;
            }
            if (stop != null) {
                synchronized (this) {
                    if (waiter.woken) return WaitResult.WOKEN; // a wake that came first wins, as in futex_wait
                    remove(waiter);
                }
                return stop;
            }
            Signals.park(left);
        }
    }

    /** FUTEX_WAKE(_BITSET): wakes up to {@code count} waiters on {@code address} whose bitset meets {@code bitset}. */
    public synchronized int wake(int address, int count, int bitset) {
        ArrayDeque<Waiter> queue = queues.get(address);
        if (queue == null) return 0;
        int woken = 0;
        for (Iterator<Waiter> i = queue.iterator(); i.hasNext(); ) {
            Waiter w = i.next();
            if ((w.bitset & bitset) == 0) continue;
            i.remove();
            release(w);
            if (++woken >= count) break; // futex_wake's loop: a count of 0 still wakes one
        }
        if (queue.isEmpty()) queues.remove(address);
        return woken;
    }

    /**
     * FUTEX_REQUEUE and FUTEX_CMP_REQUEUE ({@code expected} non-null): wakes up to {@code count} waiters on
     * {@code address} and moves up to {@code requeueCount} of the rest to {@code target}; answers the number
     * woken plus requeued, or null when the word no longer holds {@code expected} (EAGAIN).
     */
    public synchronized Integer requeue(Words words, int address, int count, int target, int requeueCount,
                                        Integer expected) {
        if (expected != null && words.read(address) != expected) return null;
        ArrayDeque<Waiter> queue = queues.get(address);
        if (queue == null) return 0;
        int woken = 0, moved = 0;
        List<Waiter> requeued = new ArrayList<>();
        for (Iterator<Waiter> i = queue.iterator(); i.hasNext(); ) {
            Waiter w = i.next();
            if (woken < count) {
                i.remove();
                release(w);
                woken++;
            } else if (moved < requeueCount) {
                if (target == address) break;
                i.remove();
                w.address = target;
                requeued.add(w);
                moved++;
            } else {
                break;
            }
        }
        if (queue.isEmpty()) queues.remove(address);
        if (!requeued.isEmpty()) queues.computeIfAbsent(target, a -> new ArrayDeque<>()).addAll(requeued);
        return woken + moved;
    }

    /**
     * FUTEX_WAKE_OP: applies {@code operation} to the word at {@code address2} (the caller holds the execution
     * lock, so no guest instruction runs in between), wakes up to {@code count} waiters on {@code address} and,
     * if the old value passes the comparison, up to {@code count2} on {@code address2}. Answers null for an
     * unknown operation or comparison (ENOSYS).
     */
    public synchronized Integer wakeOp(Words words, int address, int count, int address2, int count2,
                                       int operation) {
        WakeOperation op = WakeOperation.decode(operation);
        if (op == null) return null;
        int old = words.read(address2);
        words.write(address2, op.apply(old));
        int woken = wake(address, count, MATCH_ANY);
        if (op.compare(old)) woken += wake(address2, count2, MATCH_ANY);
        return woken;
    }

    /** How many threads wait on {@code address} (tests). */
    public synchronized int waiters(int address) {
        ArrayDeque<Waiter> queue = queues.get(address);
        return queue == null ? 0 : queue.size();
    }

    private void remove(Waiter waiter) {
        ArrayDeque<Waiter> queue = queues.get(waiter.address);
        if (queue == null) return;
        queue.remove(waiter);
        if (queue.isEmpty()) queues.remove(waiter.address);
    }

    private static void release(Waiter w) {
        w.woken = true;
        java.util.concurrent.locks.LockSupport.unpark(w.thread);
    }

    /** The encoded operation of FUTEX_WAKE_OP (FUTEX_OP in include/uapi/linux/futex.h). */
    record WakeOperation(int op, int argument, int comparison, int comparand) {
        private static final int SET = 0, ADD = 1, OR = 2, ANDN = 3, XOR = 4;
        private static final int EQ = 0, NE = 1, LT = 2, LE = 3, GT = 4, GE = 5;
        private static final int OPARG_SHIFT = 8;

        static WakeOperation decode(int encoded) {
            int op = (encoded >>> 28) & 0xF;
            int comparison = (encoded >>> 24) & 0xF;
            int argument = (encoded << 8) >> 20;
            int comparand = (encoded << 20) >> 20;
            if ((op & OPARG_SHIFT) != 0) argument = 1 << (argument & 31);
            op &= 7;
            if (op > XOR || comparison > GE) return null;
            return new WakeOperation(op, argument, comparison, comparand);
        }

        int apply(int old) {
            return switch (op) {
                case SET -> argument;
                case ADD -> old + argument;
                case OR -> old | argument;
                case ANDN -> old & ~argument;
                default -> old ^ argument;
            };
        }

        boolean compare(int old) {
            return switch (comparison) {
                case EQ -> old == comparand;
                case NE -> old != comparand;
                case LT -> old < comparand;
                case LE -> old <= comparand;
                case GT -> old > comparand;
                default -> old >= comparand;
            };
        }
    }
}
