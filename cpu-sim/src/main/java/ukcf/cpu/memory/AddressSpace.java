package ukcf.cpu.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ukcf.cpu.fault.GuestFault;

/**
 * A sparse 4 GiB guest linear address space of 4 KiB pages, each with its {@link Protection}.
 *
 * <p>Pages live in a two-level table (1024 tables of 1024 pages, like i386 non-PAE paging) so an empty space costs
 * 4 KiB and a mapped page costs its 4 KiB frame, allocated zero-filled on first touch: mapping an 8 MiB stack
 * allocates nothing until the guest uses it. Every CPU sees the space through its own {@link PagedMemory} view,
 * which caches translations in a software TLB; map, unmap, protect and {@link #markCode} tell every attached view
 * to drop the pages they change, so a view never uses a stale translation made on its own thread. (Another
 * thread's view is invalidated too, but without a barrier: a guest that unmaps memory another thread is using is
 * racing on real hardware as well.)
 *
 * <p>The host side (loaders, system calls) uses {@link #readHost}/{@link #writeHost} or a {@link #hostView()}:
 * no permission check, but an unmapped page still raises a guest #PF, so a bad guest pointer is a guest fault.
 *
 * <p>Mutations are synchronized; lookups are not (they only run on TLB misses, and a frame is installed with a
 * compare-and-set so two CPUs touching a fresh page agree on its frame).
 */
public final class AddressSpace {
    public static final int PAGE_SHIFT = 12;
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    public static final int PAGE_OFFSET_MASK = PAGE_SIZE - 1;
    /** Number of pages in 4 GiB. */
    public static final int PAGE_COUNT = 1 << (32 - PAGE_SHIFT);
    /** What {@link #protection(int)} answers for an unmapped page. */
    public static final int UNMAPPED = -1;

    private static final int TABLE_SHIFT = 10;
    private static final int TABLE_SIZE = 1 << TABLE_SHIFT;
    private static final int TABLE_INDEX_MASK = TABLE_SIZE - 1;

    /** Page state bits kept beside the {@link Protection} bits. */
    static final int MAPPED = 1 << 4;
    static final int CODE = 1 << 5;

    private static final VarHandle FRAME = MethodHandles.arrayElementVarHandle(byte[][].class);

    /** 1024 pages (4 MiB of address space). */
    private static final class PageTable {
        final byte[][] frames = new byte[TABLE_SIZE][];
        final byte[] state = new byte[TABLE_SIZE];
    }

    private final PageTable[] directory = new PageTable[PAGE_COUNT >>> TABLE_SHIFT];
    private final List<PagedMemory> views = new CopyOnWriteArrayList<>();
    private volatile CodeWriteListener codeWriteListener = CodeWriteListener.NONE;

    /** A new per-CPU view of this space at {@code privilege}, attached for TLB invalidation. */
    public PagedMemory newView(Privilege privilege) {
        PagedMemory view = new PagedMemory(this, privilege);
        views.add(view);
        return view;
    }

    /**
     * A new unchecked view for host code on one thread (see {@link Privilege#HOST}). Keep it: every view stays
     * attached (and is invalidated on every change) until {@link #detach}; for occasional copies use
     * {@link #readHost}/{@link #writeHost}, which need no view.
     */
    public PagedMemory hostView() {
        return newView(Privilege.HOST);
    }

    /** Stops invalidating {@code view} (its CPU is gone). */
    public void detach(PagedMemory view) {
        views.remove(view);
    }

    public CodeWriteListener codeWriteListener() { return codeWriteListener; }

    public void setCodeWriteListener(CodeWriteListener listener) {
        codeWriteListener = listener == null ? CodeWriteListener.NONE : listener;
    }


    /**
     * Maps {@code length} bytes (rounded up to whole pages) at the page-aligned {@code address} with fresh zero-filled
     * pages, replacing whatever was mapped there (mmap with MAP_FIXED).
     */
    public synchronized void map(int address, long length, int protection) {
        int state = MAPPED | Protection.checked(protection);
        List<Integer> codePages = new ArrayList<>();
        forEachPage(address, length, (table, index) -> {
            noteCodePage(table, index, codePages);
            table.frames[index] = null;
            table.state[index] = (byte) state;
        }, true);
        reportReplacedCode(codePages);
    }

    /**
     * Maps the page at the page-aligned {@code address} onto {@code frame} (a 4 KiB array that other address spaces
     * or a page cache may share), replacing whatever was mapped there: shared mappings, fork's MAP_SHARED pages.
     */
    public synchronized void mapFrame(int address, byte[] frame, int protection) {
        if (frame.length != PAGE_SIZE) throw new IllegalArgumentException("a frame is " + PAGE_SIZE + " bytes");
        int state = MAPPED | Protection.checked(protection);
        forEachPage(address, PAGE_SIZE, (table, index) -> {
            table.frames[index] = frame;
            table.state[index] = (byte) state;
        }, true);
    }

    /**
     * The frame of the mapped page holding {@code address}, allocated zero-filled if the page was never touched,
     * for sharing it with {@link #mapFrame}; #PF if the page is not mapped.
     */
    public byte[] frameOf(int address) {
        return frameFor(address, Privilege.HOST, Access.READ);
    }

    /** Unmaps every page in the range; pages that were not mapped are ignored (munmap). */
    public synchronized void unmap(int address, long length) {
        List<Integer> codePages = new ArrayList<>();
        forEachPage(address, length, (table, index) -> {
            noteCodePage(table, index, codePages);
            table.frames[index] = null;
            table.state[index] = 0;
        }, false);
        reportReplacedCode(codePages);
    }

    /**
     * Map, unmap and protect take a code page's translations away as surely as a write does (new bytes, no bytes,
     * no execute permission): the listener hears of each such page as if all of it had been written.
     */
    private void noteCodePage(PageTable table, int index, List<Integer> codePages) {
        if ((table.state[index] & CODE) != 0) {
            codePages.add(indexOf(table) << TABLE_SHIFT | index);
            table.state[index] &= ~CODE;
        }
    }

    private int indexOf(PageTable table) {
        for (int t = 0; t < directory.length; t++) if (directory[t] == table) return t;
        throw new IllegalStateException("page table not in the directory");
    }

    private void reportReplacedCode(List<Integer> codePages) {
        for (int page : codePages) codeWriteListener.codeWritten(page << PAGE_SHIFT, PAGE_SIZE);
    }

    /**
     * Changes the protection of every page in the range, keeping contents (mprotect). Returns false and changes
     * nothing if a page of the range is not mapped (mprotect's ENOMEM).
     */
    public synchronized boolean protect(int address, long length, int protection) {
        int newProtection = Protection.checked(protection);
        int first = firstPage(address, length);
        long count = pageCount(length);
        for (long i = 0; i < count; i++) {
            if ((state((int) (first + i)) & MAPPED) == 0) return false;
        }
        List<Integer> codePages = new ArrayList<>();
        forEachPage(address, length, (table, index) -> {
            noteCodePage(table, index, codePages);
            table.state[index] = (byte) ((table.state[index] & ~Protection.ALL) | newProtection);
        }, false);
        reportReplacedCode(codePages);
        return true;
    }

    /**
     * Marks the page holding {@code address} as the source of translated code: writes to it no longer take the
     * TLB fast path but go through the slow path, which calls the {@link CodeWriteListener}.
     */
    public synchronized void markCode(int address) {
        setCodeBit(address, true);
    }

    /**
     * Ends {@link #markCode} for the page holding {@code address} (its translations were dropped); nothing to do
     * if the page has been unmapped meanwhile.
     */
    public synchronized void unmarkCode(int address) {
        if (isMapped(address)) setCodeBit(address, false);
    }

    private void setCodeBit(int address, boolean code) {
        int page = address >>> PAGE_SHIFT;
        PageTable table = directory[page >>> TABLE_SHIFT];
        if (table == null || (table.state[page & TABLE_INDEX_MASK] & MAPPED) == 0) {
            throw new IllegalArgumentException(String.format("page 0x%08x is not mapped", page << PAGE_SHIFT));
        }
        int index = page & TABLE_INDEX_MASK;
        table.state[index] = (byte) (code ? table.state[index] | CODE : table.state[index] & ~CODE);
        invalidateViews(page, 1);
    }


    public boolean isMapped(int address) {
        return (state(address >>> PAGE_SHIFT) & MAPPED) != 0;
    }

    /** The {@link Protection} bits of the page holding {@code address}, or {@link #UNMAPPED}. */
    public int protection(int address) {
        int state = state(address >>> PAGE_SHIFT);
        return (state & MAPPED) == 0 ? UNMAPPED : state & Protection.ALL;
    }

    /**
     * Whether the page holding {@code address} is mapped and has been touched (its frame exists): what a real page
     * table would hold as present, for an OS model that reports the present bit as Linux does.
     */
    public boolean isPopulated(int address) {
        int page = address >>> PAGE_SHIFT;
        PageTable table = directory[page >>> TABLE_SHIFT];
        int index = page & TABLE_INDEX_MASK;
        return table != null && (table.state[index] & MAPPED) != 0 && table.frames[index] != null;
    }

    public boolean isCode(int address) {
        return (state(address >>> PAGE_SHIFT) & CODE) != 0;
    }

    /** The mapped ranges in ascending address order, adjacent pages of equal protection merged. */
    public synchronized List<MappedRange> mappedRanges() {
        List<MappedRange> ranges = new ArrayList<>();
        long runStart = -1;
        int runProtection = 0;
        for (int t = 0; t < directory.length; t++) {
            PageTable table = directory[t];
            for (int i = 0; i < TABLE_SIZE; i++) {
                long page = ((long) t << TABLE_SHIFT) | i;
                int state = table == null ? 0 : table.state[i];
                int protection = (state & MAPPED) == 0 ? UNMAPPED : state & Protection.ALL;
                if (runStart >= 0 && protection != runProtection) {
                    ranges.add(new MappedRange((int) (runStart << PAGE_SHIFT), (page - runStart) << PAGE_SHIFT, runProtection));
                    runStart = -1;
                }
                if (runStart < 0 && protection != UNMAPPED) {
                    runStart = page;
                    runProtection = protection;
                }
                if (table == null) break; // the rest of this table is unmapped too
            }
        }
        if (runStart >= 0) {
            ranges.add(new MappedRange((int) (runStart << PAGE_SHIFT), ((long) PAGE_COUNT - runStart) << PAGE_SHIFT, runProtection));
        }
        return ranges;
    }


    /** Copies guest bytes out without permission checks; #PF (before copying anything) if a page is unmapped. */
    public void readHost(int address, byte[] destination, int offset, int length) {
        copy(address, destination, offset, length, Privilege.HOST, Access.READ);
    }

    /** Copies bytes into guest memory without permission checks; #PF (before writing anything) if a page is unmapped. */
    public void writeHost(int address, byte[] source, int offset, int length) {
        copy(address, source, offset, length, Privilege.HOST, Access.WRITE);
    }


    /**
     * The frame of the page holding {@code address} if {@code privilege} may perform {@code access} there, else a
     * #PF for {@code address}. Allocates the zero-filled frame on first touch.
     */
    byte[] frameFor(int address, Privilege privilege, Access access) {
        int page = address >>> PAGE_SHIFT;
        PageTable table = directory[page >>> TABLE_SHIFT];
        int index = page & TABLE_INDEX_MASK;
        int state = table == null ? 0 : table.state[index];
        if ((state & MAPPED) == 0 || !privilege.permits(state, access)) {
            throw pageFault(address, state, privilege, access);
        }
        byte[] frame = table.frames[index];
        if (frame == null) {
            byte[] fresh = new byte[PAGE_SIZE];
            frame = (byte[]) FRAME.compareAndExchange(table.frames, index, (byte[]) null, fresh);
            if (frame == null) frame = fresh;
        }
        return frame;
    }

    static GuestFault pageFault(int address, int state, Privilege privilege, Access access) {
        int present = (state & MAPPED) != 0 ? GuestFault.PF_PRESENT : 0;
        return GuestFault.pageFault(address, present | access.errorCodeBit | privilege.errorCodeBit);
    }

    /** Calls the code-write listener if the page holding {@code address} holds translated code. */
    void noteWrite(int address, int length) {
        if ((state(address >>> PAGE_SHIFT) & CODE) != 0) codeWriteListener.codeWritten(address, length);
    }

    /**
     * The frames of the pages {@code length > 0} bytes from {@code address} span, each checked for {@code access}
     * in ascending order: a fault names {@code address} if its page fails, else the first byte of the failing page.
     */
    byte[][] check(int address, int length, Privilege privilege, Access access) {
        long pages = pageSpan(address, length);
        byte[][] frames = new byte[(int) pages][];
        for (int p = 0; p < pages; p++) {
            int pageAddress = p == 0 ? address : ((address & ~PAGE_OFFSET_MASK) + (p << PAGE_SHIFT));
            frames[p] = frameFor(pageAddress, privilege, access);
        }
        return frames;
    }

    /**
     * Bulk copy between guest memory and {@code buffer}, all-or-nothing: every page is checked, in ascending
     * order, before one byte moves. A fault names the first byte of the access on the first page, else the first
     * byte of the failing page.
     */
    void copy(int address, byte[] buffer, int offset, int length, Privilege privilege, Access access) {
        if (length <= 0) return;
        if (offset < 0 || offset + length > buffer.length || offset + length < 0) {
            throw new IndexOutOfBoundsException("offset " + offset + " length " + length + " buffer " + buffer.length);
        }
        byte[][] frames = check(address, length, privilege, access);
        int done = 0;
        for (int p = 0; p < frames.length; p++) {
            int at = address + done;
            int inPage = at & PAGE_OFFSET_MASK;
            int chunk = Math.min(length - done, PAGE_SIZE - inPage);
            if (access == Access.WRITE) {
                System.arraycopy(buffer, offset + done, frames[p], inPage, chunk);
                noteWrite(at, chunk);
            } else {
                System.arraycopy(frames[p], inPage, buffer, offset + done, chunk);
            }
            done += chunk;
        }
    }


    private int state(int page) {
        PageTable table = directory[page >>> TABLE_SHIFT];
        return table == null ? 0 : table.state[page & TABLE_INDEX_MASK];
    }

    private interface PageAction {
        void apply(PageTable table, int index);
    }

    private void forEachPage(int address, long length, PageAction action, boolean createTables) {
        int first = firstPage(address, length);
        long count = pageCount(length);
        for (long i = 0; i < count; i++) {
            int page = (int) (first + i);
            PageTable table = directory[page >>> TABLE_SHIFT];
            if (table == null) {
                if (!createTables) continue;
                table = directory[page >>> TABLE_SHIFT] = new PageTable();
            }
            action.apply(table, page & TABLE_INDEX_MASK);
        }
        invalidateViews(first, count);
    }

    private static int firstPage(int address, long length) {
        if ((address & PAGE_OFFSET_MASK) != 0) {
            throw new IllegalArgumentException(String.format("address 0x%08x is not page-aligned", address));
        }
        if (length < 0 || Integer.toUnsignedLong(address) + length > (1L << 32)) {
            throw new IllegalArgumentException(String.format("range 0x%08x + 0x%x leaves the 4 GiB space", address, length));
        }
        return address >>> PAGE_SHIFT;
    }

    private static long pageCount(long length) {
        return (length + PAGE_OFFSET_MASK) >>> PAGE_SHIFT;
    }

    /** Number of pages touched by {@code length > 0} bytes from {@code address}. */
    private static long pageSpan(int address, int length) {
        return (((address & PAGE_OFFSET_MASK) + (long) length - 1) >>> PAGE_SHIFT) + 1;
    }

    private void invalidateViews(int firstPage, long count) {
        for (PagedMemory view : views) view.invalidate(firstPage, count);
    }
}
