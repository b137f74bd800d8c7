package ukcf.cpu.memory;

import static ukcf.cpu.memory.AddressSpace.PAGE_OFFSET_MASK;
import static ukcf.cpu.memory.AddressSpace.PAGE_SHIFT;
import static ukcf.cpu.memory.AddressSpace.PAGE_SIZE;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.fault.GuestFault;

/**
 * One CPU's view of an {@link AddressSpace}: permission-checked little-endian accesses through a software TLB.
 *
 * <p>The TLB is direct-mapped with separate read, write and fetch entries, each a page number tag and the page's
 * frame (plus a victim way per slot that only the slow path consults). An entry exists only if this view's
 * privilege may perform that kind of access on the page, so the common access is {@link SoftTlb}'s probe: index by
 * the low page-number bits, compare the tag, check the access stays inside the page, and read or write the frame
 * through a little-endian byte-array view. Translated code runs the same probe inline on this view's ways
 * ({@link #tags}, {@link #frames}). Everything else (a miss, a page-crossing access,
 * a fault, a write to a page holding translated code, which is never entered into the write TLB) takes the slow
 * path. Page-crossing accesses check both pages before touching either, so a faulting write changes nothing, and a
 * fault names the first byte of the access if its first page faults, else the first byte of the second page, as
 * the CPU reports in CR2.
 *
 * <p>Why a byte[] per page, the TLB entry holding the page's array, rather than one flat store of guest RAM with
 * the TLB entry holding an offset (QEMU's "addend"): {@code MemoryAccessBenchmark}, random 4-byte accesses over
 * 1 MiB, JDK 17, this 2-core host shared with other builds (load 5-8), ns per access, best of 40 rounds of thread
 * CPU time, range over three JVMs each:
 * <pre>
 *                                  read32   write32
 *   byte[] per page (this class)  2.6-2.9  2.2-2.3
 *   flat byte[] + addend          2.7-3.0  2.2-2.5
 *   flat direct ByteBuffer        3.4-3.8  2.7-2.9
 * </pre>
 * The two heap representations tie (JMH wall-time runs at that load had errors larger than the scores; a first
 * version of the benchmark whose flat variant had its miss path inlined showed it 2x faster, an artefact of the
 * JIT hoisting the TLB out of the loop). With speed equal, the per-page arrays win on everything else: no fixed
 * RAM size or 2 GiB limit, no frame allocator, freed pages are garbage-collected, and a page is shared between
 * address spaces (shared mappings, a framebuffer mapped into an application) by sharing its array.
 *
 * <p>Not thread-safe: one view per CPU thread.
 */
public final class PagedMemory implements Memory {
    static final int TLB_BITS = SoftTlb.BITS;
    static final int TLB_SIZE = SoftTlb.SIZE;
    private static final int TLB_INDEX_MASK = SoftTlb.INDEX_MASK;
    private static final int NO_PAGE = SoftTlb.NO_PAGE;

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final AddressSpace space;
    private Privilege privilege;

    private final int[] readTag = new int[TLB_SIZE];
    private final byte[][] readFrame = new byte[TLB_SIZE][];
    private final int[] writeTag = new int[TLB_SIZE];
    private final byte[][] writeFrame = new byte[TLB_SIZE][];
    private final int[] fetchTag = new int[TLB_SIZE];
    private final byte[][] fetchFrame = new byte[TLB_SIZE][];
    /**
     * A second way per slot, looked at only on the slow path: the entry a fill displaced. Two pages that share a
     * slot and are used in turn (a table lookup while streaming through a buffer) then cost a swap on the slow
     * path instead of a page-table walk each time. Indexed by {@link Access#ordinal()}.
     */
    private final int[][] victimTag = new int[Access.values().length][TLB_SIZE];
    private final byte[][][] victimFrame = new byte[Access.values().length][TLB_SIZE][];

    PagedMemory(AddressSpace space, Privilege privilege) {
        this.space = space;
        this.privilege = privilege;
        flush();
    }

    public AddressSpace space() { return space; }

    public Privilege privilege() { return privilege; }

    /** Changes the privilege accesses are checked for (a CPL change); flushes the TLB if it differs. */
    public void setPrivilege(Privilege privilege) {
        if (privilege != this.privilege) {
            this.privilege = privilege;
            flush();
        }
    }

    // Reads: fast path inline, anything else in readSlow.

    @Override
    public int read8(int address) {
        int value = SoftTlb.read8(readTag, readFrame, address);
        return value != SoftTlb.MISS ? value : (int) readSlow(address, 1);
    }

    @Override
    public int read16(int address) {
        int value = SoftTlb.read16(readTag, readFrame, address);
        return value != SoftTlb.MISS ? value : (int) readSlow(address, 2);
    }

    @Override
    public int read32(int address) {
        long value = SoftTlb.read32(readTag, readFrame, address);
        return (int) (value != SoftTlb.MISS ? value : readSlow(address, 4));
    }

    @Override
    public long read64(int address) {
        int page = address >>> PAGE_SHIFT;
        int slot = page & TLB_INDEX_MASK;
        int offset = address & PAGE_OFFSET_MASK;
        if (readTag[slot] == page && offset <= PAGE_SIZE - 8) return (long) LONG.get(readFrame[slot], offset);
        return readSlow(address, 8);
    }

    @Override
    public int fetch8(int address) {
        int page = address >>> PAGE_SHIFT;
        int slot = page & TLB_INDEX_MASK;
        if (fetchTag[slot] == page) return fetchFrame[slot][address & PAGE_OFFSET_MASK] & 0xFF;
        return frame(address, Access.FETCH)[address & PAGE_OFFSET_MASK] & 0xFF;
    }

    // Writes: fast path inline, anything else in writeSlow.

    @Override
    public void write8(int address, int value) {
        if (!SoftTlb.write8(writeTag, writeFrame, address, value)) writeSlow(address, 1, value, 0);
    }

    @Override
    public void write16(int address, int value) {
        if (!SoftTlb.write16(writeTag, writeFrame, address, value)) writeSlow(address, 2, value, 0);
    }

    @Override
    public void write32(int address, int value) {
        if (!SoftTlb.write32(writeTag, writeFrame, address, value)) writeSlow(address, 4, value, 0);
    }

    @Override
    public void write64(int address, long value) {
        int page = address >>> PAGE_SHIFT;
        int slot = page & TLB_INDEX_MASK;
        int offset = address & PAGE_OFFSET_MASK;
        if (writeTag[slot] == page && offset <= PAGE_SIZE - 8) {
            LONG.set(writeFrame[slot], offset, value);
        } else {
            writeSlow(address, 8, value, 0);
        }
    }

    @Override
    public void write80(int address, long significand, int signAndExponent) {
        int page = address >>> PAGE_SHIFT;
        int slot = page & TLB_INDEX_MASK;
        int offset = address & PAGE_OFFSET_MASK;
        if (writeTag[slot] == page && offset <= PAGE_SIZE - 10) {
            LONG.set(writeFrame[slot], offset, significand);
            SHORT.set(writeFrame[slot], offset + 8, (short) signAndExponent);
        } else {
            writeSlow(address, 10, significand, signAndExponent);
        }
    }

    @Override
    public void write128(int address, long low, long high) {
        int page = address >>> PAGE_SHIFT;
        int slot = page & TLB_INDEX_MASK;
        int offset = address & PAGE_OFFSET_MASK;
        if (writeTag[slot] == page && offset <= PAGE_SIZE - 16) {
            LONG.set(writeFrame[slot], offset, low);
            LONG.set(writeFrame[slot], offset + 8, high);
        } else {
            writeSlow(address, 16, low, high);
        }
    }

    @Override
    public void read(int address, byte[] destination, int offset, int length) {
        space.copy(address, destination, offset, length, privilege, Access.READ);
    }

    @Override
    public void write(int address, byte[] source, int offset, int length) {
        space.copy(address, source, offset, length, privilege, Access.WRITE);
    }

    @Override
    public void probe(int address, int length, Access access) {
        if (length <= 0) return;
        checkSegmentLimit(address, length);
        space.check(address, length, privilege, access);
    }

    // Slow paths.

    /** Reads {@code size <= 8} bytes that missed the TLB or cross a page. */
    private long readSlow(int address, int size) {
        checkSegmentLimit(address, size);
        int offset = address & PAGE_OFFSET_MASK;
        byte[] first = frame(address, Access.READ);
        int inFirst = Math.min(size, PAGE_SIZE - offset);
        byte[] second = inFirst < size ? frame(nextPage(address), Access.READ) : null;
        long value = 0;
        for (int i = size - 1; i >= 0; i--) {
            byte b = i < inFirst ? first[offset + i] : second[i - inFirst];
            value = (value << 8) | (b & 0xFF);
        }
        return value;
    }

    /**
     * Writes {@code size <= 16} bytes (bytes 0..7 from {@code low}, 8..15 from {@code high}) that missed the write
     * TLB, cross a page or land on a code page. Both pages are checked before the first byte is written.
     */
    private void writeSlow(int address, int size, long low, long high) {
        checkSegmentLimit(address, size);
        int offset = address & PAGE_OFFSET_MASK;
        byte[] first = frame(address, Access.WRITE);
        int inFirst = Math.min(size, PAGE_SIZE - offset);
        int secondAddress = nextPage(address);
        byte[] second = inFirst < size ? frame(secondAddress, Access.WRITE) : null;
        for (int i = 0; i < size; i++) {
            byte b = (byte) (i < 8 ? low >>> (8 * i) : high >>> (8 * (i - 8)));
            if (i < inFirst) first[offset + i] = b; else second[i - inFirst] = b;
        }
        space.noteWrite(address, inFirst);
        if (second != null) space.noteWrite(secondAddress, size - inFirst);
    }

    /** The frame for {@code access} at {@code address}: from the TLB, else checked by the space and cached. */
    private byte[] frame(int address, Access access) {
        int page = address >>> PAGE_SHIFT;
        int slot = page & TLB_INDEX_MASK;
        int[] tags = tags(access);
        byte[][] frames = frames(access);
        if (tags[slot] == page) return frames[slot];
        int[] victimTags = victimTag[access.ordinal()];
        byte[][] victimFrames = victimFrame[access.ordinal()];
        byte[] frame;
        if (victimTags[slot] == page) {
            frame = victimFrames[slot];
        } else {
            frame = space.frameFor(address, privilege, access);
            if (access == Access.WRITE && space.isCode(address)) return frame;
        }
        victimTags[slot] = tags[slot];
        victimFrames[slot] = frames[slot];
        tags[slot] = page;
        frames[slot] = frame;
        return frame;
    }

    /**
     * The TLB way for {@code access} (tags and frames, indexed as {@link SoftTlb} does), for translated code to
     * probe directly. The arrays live as long as this view; their contents change with every fill and flush.
     */
    public int[] tags(Access access) {
        switch (access) {
            case READ: return readTag;
            case WRITE: return writeTag;
            default: return fetchTag;
        }
    }

    /** The frames of the TLB way for {@code access}, beside {@link #tags}. */
    public byte[][] frames(Access access) {
        switch (access) {
            case READ: return readFrame;
            case WRITE: return writeFrame;
            default: return fetchFrame;
        }
    }

    /**
     * An access whose last byte would lie past 4 GiB exceeds the flat segments' limit: #GP(0), checked before
     * paging as the SDM orders them (vol. 3, 5.3). Such an access always crosses a page, so only the slow paths
     * need the check.
     */
    private static void checkSegmentLimit(int address, int size) {
        if (Integer.toUnsignedLong(address) + size > 1L << 32) {
            throw GuestFault.of(ExceptionVector.GP, String.format(
                    "%d-byte access at 0x%08x runs past the 4 GiB segment limit", size, address));
        }
    }

    private static int nextPage(int address) {
        return (address | PAGE_OFFSET_MASK) + 1;
    }

    /** Drops every cached translation. */
    public void flush() {
        Arrays.fill(readTag, NO_PAGE);
        Arrays.fill(writeTag, NO_PAGE);
        Arrays.fill(fetchTag, NO_PAGE);
        Arrays.fill(readFrame, null);
        Arrays.fill(writeFrame, null);
        Arrays.fill(fetchFrame, null);
        for (int[] tags : victimTag) Arrays.fill(tags, NO_PAGE);
        for (byte[][] frames : victimFrame) Arrays.fill(frames, null);
    }

    /** Drops cached translations of {@code count} pages from {@code firstPage} (called by the space). */
    void invalidate(int firstPage, long count) {
        if (count >= TLB_SIZE) {
            flush();
            return;
        }
        for (int i = 0; i < count; i++) {
            int page = firstPage + i;
            int slot = page & TLB_INDEX_MASK;
            if (readTag[slot] == page) { readTag[slot] = NO_PAGE; readFrame[slot] = null; }
            if (writeTag[slot] == page) { writeTag[slot] = NO_PAGE; writeFrame[slot] = null; }
            if (fetchTag[slot] == page) { fetchTag[slot] = NO_PAGE; fetchFrame[slot] = null; }
            for (int way = 0; way < victimTag.length; way++) {
                if (victimTag[way][slot] == page) { victimTag[way][slot] = NO_PAGE; victimFrame[way][slot] = null; }
            }
        }
    }
}
