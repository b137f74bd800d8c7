package ukcf.user.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import ukcf.user.process.FutexTable.WaitResult;

/** The futex operations' semantics (kernel/futex/waitwake.c, requeue.c), on a table with real waiting threads. */
@Timeout(20)
class FutexTableTest {
    private static final int A = 0x1000, B = 0x2000;
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private final FutexTable table = new FutexTable();
    private final Map<Integer, Integer> memory = new HashMap<>();
    private final FutexTable.Words words = new FutexTable.Words() {
        @Override public synchronized int read(int address) { return memory.getOrDefault(address, 0); }

        @Override public synchronized void write(int address, int value) { memory.put(address, value); }
    };

    /** A thread waiting on {@code address} for value 0 with {@code bitset}; returns once it is queued. */
    private CompletableFuture<WaitResult> waiter(int address, int bitset, AtomicBoolean signalled) throws Exception {
        int before = table.waiters(address);
        CompletableFuture<WaitResult> result = CompletableFuture.supplyAsync(
                () -> table.await(words, address, 0, bitset, NO_DEADLINE, signalled::get), runnable -> {
                    Thread t = new Thread(runnable);
                    t.setDaemon(true);
                    t.start();
                });
        while (table.waiters(address) == before) Thread.sleep(1);
        return result;
    }

    private CompletableFuture<WaitResult> waiter(int address) throws Exception {
        return waiter(address, FutexTable.MATCH_ANY, new AtomicBoolean());
    }

    private static WaitResult result(CompletableFuture<WaitResult> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aWordThatNoLongerHoldsTheExpectedValueAnswersEagainWithoutQueueing() {
        words.write(A, 1);
        assertEquals(WaitResult.VALUE_DIFFERS, table.await(words, A, 0, FutexTable.MATCH_ANY, NO_DEADLINE, () -> false));
        assertEquals(0, table.waiters(A));
    }

    @Test
    void wakeReleasesAQueuedWaiterAndCountsIt() throws Exception {
        var w = waiter(A);
        assertEquals(0, table.wake(B, 1, FutexTable.MATCH_ANY), "another address wakes nobody");
        assertEquals(1, table.wake(A, 1, FutexTable.MATCH_ANY));
        assertEquals(WaitResult.WOKEN, result(w));
        assertEquals(0, table.waiters(A));
    }

    @Test
    void wakeStopsAtItsCountAndACountOfZeroStillWakesOne() throws Exception {
        var w1 = waiter(A);
        var w2 = waiter(A);
        var w3 = waiter(A);
        assertEquals(2, table.wake(A, 2, FutexTable.MATCH_ANY));
        assertEquals(1, table.waiters(A));
        assertEquals(1, table.wake(A, 0, FutexTable.MATCH_ANY));
        for (var w : java.util.List.of(w1, w2, w3)) assertEquals(WaitResult.WOKEN, result(w));
    }

    @Test
    void aDeadlineEndsTheWaitWithTimedOut() {
        long start = System.nanoTime();
        WaitResult r = table.await(words, A, 0, FutexTable.MATCH_ANY, start + 50_000_000L, () -> false);
        assertEquals(WaitResult.TIMED_OUT, r);
        assertTrue(System.nanoTime() - start >= 50_000_000L);
        assertEquals(0, table.waiters(A));
    }

    @Test
    void wakeBitsetWakesOnlyWaitersWhoseBitsetItMeets() throws Exception {
        var w = waiter(A, 0b01, new AtomicBoolean());
        assertEquals(0, table.wake(A, 1, 0b10));
        assertEquals(1, table.waiters(A));
        assertEquals(1, table.wake(A, 1, 0b11));
        assertEquals(WaitResult.WOKEN, result(w));
    }

    @Test
    void aSignalEndsTheWaitWithInterruptedAndDequeuesIt() throws Exception {
        AtomicBoolean signalled = new AtomicBoolean();
        var w = waiter(A, FutexTable.MATCH_ANY, signalled);
        signalled.set(true);
        // As a post does: the signal's wake-up unparks every thread of the table's waiters' process.
        table.wake(B, 1, FutexTable.MATCH_ANY);
        while (!w.isDone()) {
            for (Thread t : Thread.getAllStackTraces().keySet()) java.util.concurrent.locks.LockSupport.unpark(t);
            Thread.sleep(1);
        }
        assertEquals(WaitResult.INTERRUPTED, result(w));
        assertEquals(0, table.waiters(A));
    }

    @Test
    void requeueWakesSomeAndMovesUpToItsLimitToTheSecondWord() throws Exception {
        var w1 = waiter(A);
        var w2 = waiter(A);
        var w3 = waiter(A);
        assertEquals(2, table.requeue(words, A, 1, B, 1, null));
        assertEquals(1, table.waiters(A));
        assertEquals(1, table.waiters(B));
        assertEquals(WaitResult.WOKEN, result(w1), "the first waiter is woken first");
        assertEquals(1, table.wake(B, 1, FutexTable.MATCH_ANY));
        assertEquals(WaitResult.WOKEN, result(w2), "the second was requeued and woken there");
        assertEquals(1, table.wake(A, 1, FutexTable.MATCH_ANY));
        assertEquals(WaitResult.WOKEN, result(w3));
    }

    @Test
    void cmpRequeueAnswersEagainWhenTheWordChanged() throws Exception {
        var w = waiter(A);
        words.write(A, 5);
        assertNull(table.requeue(words, A, 1, B, 1, 4));
        assertEquals(1, table.waiters(A));
        assertEquals(1, table.requeue(words, A, 1, B, 1, 5));
        assertEquals(WaitResult.WOKEN, result(w));
    }

    /** FUTEX_OP(op, oparg, cmp, cmparg) from include/uapi/linux/futex.h. */
    private static int futexOp(int op, int argument, int comparison, int comparand) {
        return (op & 0xF) << 28 | (comparison & 0xF) << 24 | (argument & 0xFFF) << 12 | (comparand & 0xFFF);
    }

    @Test
    void wakeOpChangesTheSecondWordAndWakesThereWhenTheOldValuePasses() throws Exception {
        var onA = waiter(A);
        var onB = waiter(B);
        words.write(B, 5);
        int addOneIfAboveFour = futexOp(1, 1, 4, 4); // FUTEX_OP_ADD 1, FUTEX_OP_CMP_GT 4
        assertEquals(2, table.wakeOp(words, A, 1, B, 1, addOneIfAboveFour));
        assertEquals(6, words.read(B));
        assertEquals(WaitResult.WOKEN, result(onA));
        assertEquals(WaitResult.WOKEN, result(onB));
    }

    @Test
    void wakeOpWithAFailingComparisonWakesOnlyTheFirstWord() throws Exception {
        var onB = waiter(B);
        words.write(B, 1);
        int orShiftedIfEqualTwo = futexOp(8 | 2, 3, 0, 2); // FUTEX_OP_OR with FUTEX_OP_OPARG_SHIFT: | 1 << 3
        assertEquals(0, table.wakeOp(words, A, 1, B, 1, orShiftedIfEqualTwo));
        assertEquals(9, words.read(B));
        assertEquals(1, table.waiters(B));
        table.wake(B, 1, FutexTable.MATCH_ANY);
        assertEquals(WaitResult.WOKEN, result(onB));
    }

    @Test
    void anUnknownWakeOpOperationIsRejected() {
        assertNull(table.wakeOp(words, A, 1, B, 1, futexOp(5, 0, 0, 0)));
        assertNull(table.wakeOp(words, A, 1, B, 1, futexOp(0, 0, 6, 0)));
    }
}
