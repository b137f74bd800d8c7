package ukcf.cpu.memory;

import static ukcf.cpu.memory.AddressSpace.PAGE_OFFSET_MASK;
import static ukcf.cpu.memory.AddressSpace.PAGE_SHIFT;
import static ukcf.cpu.memory.AddressSpace.PAGE_SIZE;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The hit path of a software TLB way (tags and frames indexed by the low page-number bits), written once for
 * {@link PagedMemory} and for translated code, which calls these methods directly with the arrays of the CPU's
 * memory view held in locals.
 *
 * <p>Why translated code does not simply call {@link Memory#read32}: HotSpot compiles a hot {@code PagedMemory.read32}
 * on its own with its miss path inlined, and then refuses to inline the result into a block's method ("already
 * compiled into a big method"), so every guest load became a call that spills every live guest register. These
 * probes have no calls, stay small compiled, and inline everywhere; the miss path stays a call, taken rarely.
 *
 * <p>A probe answers a miss (tag differs, or the access would cross the page end) with {@link #MISS} ({@code -1},
 * which no 8- or 16-bit value and no zero-extended 32-bit value equals) or {@code false}; the caller then takes the
 * view's full path, which fills the TLB, crosses pages or faults.
 */
public final class SoftTlb {
    private SoftTlb() { }

    public static final int BITS = 8;
    public static final int SIZE = 1 << BITS;
    public static final int INDEX_MASK = SIZE - 1;
    /** No page number has all 32 bits set, so this tag never matches. */
    public static final int NO_PAGE = -1;
    public static final int MISS = -1;

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** Tags of a way that never hits: memories other than {@link PagedMemory} give translated code these. */
    public static int[] neverTags() {
        int[] tags = new int[SIZE];
        Arrays.fill(tags, NO_PAGE);
        return tags;
    }

    /** Whether a {@code size}-byte access at {@code address} hits this way (and stays inside the page). */
    public static boolean hits(int[] tags, int address, int size) {
        int page = address >>> PAGE_SHIFT;
        return tags[page & INDEX_MASK] == page && (address & PAGE_OFFSET_MASK) <= PAGE_SIZE - size;
    }

    public static int read8(int[] tags, byte[][] frames, int address) {
        int page = address >>> PAGE_SHIFT;
        int slot = page & INDEX_MASK;
        if (tags[slot] != page) return MISS;
        return frames[slot][address & PAGE_OFFSET_MASK] & 0xFF;
    }

    public static int read16(int[] tags, byte[][] frames, int address) {
        int page = address >>> PAGE_SHIFT;
        int slot = page & INDEX_MASK;
        int offset = address & PAGE_OFFSET_MASK;
        if (tags[slot] != page || offset > PAGE_SIZE - 2) return MISS;
        return (short) SHORT.get(frames[slot], offset) & 0xFFFF;
    }

    /** The zero-extended 32-bit value, or {@link #MISS}. */
    public static long read32(int[] tags, byte[][] frames, int address) {
        int page = address >>> PAGE_SHIFT;
        int slot = page & INDEX_MASK;
        int offset = address & PAGE_OFFSET_MASK;
        if (tags[slot] != page || offset > PAGE_SIZE - 4) return MISS;
        return (int) INT.get(frames[slot], offset) & 0xFFFF_FFFFL;
    }

    public static boolean write8(int[] tags, byte[][] frames, int address, int value) {
        int page = address >>> PAGE_SHIFT;
        int slot = page & INDEX_MASK;
        if (tags[slot] != page) return false;
        frames[slot][address & PAGE_OFFSET_MASK] = (byte) value;
        return true;
    }

    public static boolean write16(int[] tags, byte[][] frames, int address, int value) {
        int page = address >>> PAGE_SHIFT;
        int slot = page & INDEX_MASK;
        int offset = address & PAGE_OFFSET_MASK;
        if (tags[slot] != page || offset > PAGE_SIZE - 2) return false;
        SHORT.set(frames[slot], offset, (short) value);
        return true;
    }

    public static boolean write32(int[] tags, byte[][] frames, int address, int value) {
        int page = address >>> PAGE_SHIFT;
        int slot = page & INDEX_MASK;
        int offset = address & PAGE_OFFSET_MASK;
        if (tags[slot] != page || offset > PAGE_SIZE - 4) return false;
        INT.set(frames[slot], offset, value);
        return true;
    }
}
