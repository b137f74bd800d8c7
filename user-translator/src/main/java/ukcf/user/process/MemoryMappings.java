package ukcf.user.process;

import java.util.Map;
import java.util.TreeMap;
import ukcf.cpu.memory.AddressSpace;

/**
 * The process's memory regions (Linux's VMAs) by start address: what mmap, munmap, brk and later /proc/self/maps
 * need beyond the page table, and where a new mapping without an address goes (top-down below the stack, as
 * Linux's legacy-free i386 layout places them). Shared by the threads of a process, so synchronized.
 */
public final class MemoryMappings {
    /** A mapped region [start, end) with its PROT_* bits and a name for /proc/self/maps. */
    public record Region(long start, long end, int prot, String name) { }

    private final TreeMap<Long, Region> regions = new TreeMap<>();
    private final long mmapTop;
    private final long mmapBottom;

    public MemoryMappings(long mmapTop, long mmapBottom) {
        this.mmapTop = mmapTop;
        this.mmapBottom = mmapBottom;
    }

    /** fork's copy. */
    public synchronized MemoryMappings copy() {
        MemoryMappings copy = new MemoryMappings(mmapTop, mmapBottom);
        copy.regions.putAll(regions);
        return copy;
    }

    public synchronized void add(long start, long end, int prot, String name) {
        remove(start, end);
        regions.put(start, new Region(start, end, prot, name));
    }

    /** Removes [start, end), splitting regions that straddle its edges. */
    public synchronized void remove(long start, long end) {
        for (Region r : regions.values().toArray(new Region[0])) {
            if (r.end() <= start || r.start() >= end) continue;
            regions.remove(r.start());
            if (r.start() < start) regions.put(r.start(), new Region(r.start(), start, r.prot(), r.name()));
            if (r.end() > end) regions.put(end, new Region(end, r.end(), r.prot(), r.name()));
        }
    }

    /** Whether [start, end) is entirely covered by regions. */
    public synchronized boolean covers(long start, long end) {
        long at = start;
        while (at < end) {
            Map.Entry<Long, Region> e = regions.floorEntry(at);
            if (e == null || e.getValue().end() <= at) return false;
            at = e.getValue().end();
        }
        return true;
    }

    public synchronized void protect(long start, long end, int prot) {
        for (Region r : regions.values().toArray(new Region[0])) {
            if (r.end() <= start || r.start() >= end) continue;
            long from = Math.max(start, r.start()), to = Math.min(end, r.end());
            add(from, to, prot, r.name());
        }
    }

    /** The highest free page-aligned gap of {@code length} bytes below the mmap top, or -1. */
    public synchronized long findFree(long length) {
        long candidateEnd = mmapTop;
        for (Region r : regions.descendingMap().values()) {
            if (r.start() >= candidateEnd) continue;
            if (r.end() <= candidateEnd - length) break;
            candidateEnd = Math.min(candidateEnd, r.start());
        }
        long start = (candidateEnd - length) & ~(long) (AddressSpace.PAGE_SIZE - 1);
        return start >= mmapBottom ? start : -1;
    }

    /** A snapshot of the regions in address order (another thread's mmap may change them meanwhile). */
    public synchronized java.util.List<Region> regions() { return new java.util.ArrayList<>(regions.values()); }
}
