package ukcf.user.process;

import java.util.concurrent.locks.ReentrantLock;
import ukcf.cpu.memory.AddressSpace;
import ukcf.user.elf.ElfSymbols;

/**
 * A process's memory (the kernel's mm_struct): the address space, its regions, the program break and the ELF
 * symbols of the image, shared by every thread of a group and by a CLONE_VM child (vfork, posix_spawn), copied by
 * fork, replaced by execve. It also holds what must be per address space: the futex wait queues and the
 * execution lock.
 *
 * <p>The execution lock is how guest threads get x86's memory model. A thread holds it while it runs guest
 * instructions and releases it around every system call (so a blocking call never holds it) and after every
 * slice of {@link #SLICE} instructions, handing over fairly to a waiting thread. So at most one thread of an
 * address space executes guest code at a time: LOCK-prefixed read-modify-writes and XCHG are atomic against the
 * others without any change to the CPU simulator, and the lock's hand-over publishes plain stores to the next
 * thread (happens-before). System calls that change the address space (mmap, munmap, mprotect, brk, execve,
 * fork's copy) run holding it, so no thread executes through a stale translation. The cost: guest threads of one
 * process never run in parallel (other processes still do), and a single-threaded program pays one uncontended
 * lock hand-off per system call and per slice, which does not show in whole-program timings: busybox sha256sum
 * of 1 MB under {@code ukcf run}, four interleaved runs each on the shared 2-core host, took 9.5-10.5 s of user
 * CPU (median 10.3) before the lock and 8.8-11.3 s (median 10.1) with it. The alternative, making every LOCK
 * form and XCHG a compare-and-set on the page array and every plain access a VarHandle opaque access, would
 * let threads run in parallel but slows every memory access of every program.
 */
public final class MemoryImage {
    /** Instructions a thread runs before it offers the execution lock to another thread. */
    public static final long SLICE = 20_000;

    private final AddressSpace space;
    private final MemoryMappings mappings;
    private final ReentrantLock execution = new ReentrantLock(true);
    private final FutexTable futexes = new FutexTable();
    private volatile ElfSymbols symbols = ElfSymbols.NONE;
    private int breakStart;
    private int programBreak;
    private volatile byte[] auxv = new byte[0];

    public MemoryImage(AddressSpace space, MemoryMappings mappings) {
        this.space = space;
        this.mappings = mappings;
    }

    /** fork's copy: every page, region and the break; a new execution lock and no futex waiters. */
    MemoryImage copy() {
        MemoryImage copy = new MemoryImage(AddressSpaces.copy(space, mappings), mappings.copy());
        copy.symbols = symbols;
        copy.breakStart = breakStart;
        copy.programBreak = programBreak;
        copy.auxv = auxv;
        return copy;
    }

    public AddressSpace space() { return space; }
    public MemoryMappings mappings() { return mappings; }
    public FutexTable futexes() { return futexes; }
    public ElfSymbols symbols() { return symbols; }
    void setSymbols(ElfSymbols symbols) { this.symbols = symbols; }

    /** The auxiliary vector execve gave the program (/proc/PID/auxv). */
    public byte[] auxv() { return auxv; }
    void setAuxv(byte[] vector) { auxv = vector; }

    public synchronized int breakStart() { return breakStart; }
    public synchronized int programBreak() { return programBreak; }
    public synchronized void setProgramBreak(int address) { programBreak = address; }

    synchronized void setBreak(int start) {
        breakStart = start;
        programBreak = start;
    }

    /** The execution lock described above. */
    public ReentrantLock executionLock() { return execution; }
}
