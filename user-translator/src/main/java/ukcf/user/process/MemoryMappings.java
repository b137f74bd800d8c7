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
    /**
     * A mapped region [start, end) with its PROT_* bits and a name for /proc/self/maps; a file mapping also has the
     * file offset of {@code start}, the file's device (Linux dev_t) and inode; {@code backing} says what the pages
     * are (null: private anonymous memory, the image, the heap or the stack).
     */
    public record Region(long start, long end, int prot, String name, long offset, long device, long inode,
                         Backing backing) {
        public Region(long start, long end, int prot, String name) { this(start, end, prot, name, 0, 0, 0, null); }

        public Region(long start, long end, int prot, String name, long offset, long device, long inode) {
            this(start, end, prot, name, offset, device, inode, null);
        }

        /** The part [from, to) of this region, its file offset moved along. */
        Region slice(long from, long to, int newProt) {
            boolean file = inode != 0 || backing != null && backing.file() != null;
            return new Region(from, to, newProt, name, file ? offset + (from - start) : offset, device, inode, backing);
        }

        public boolean shared() { return backing != null && backing.shared(); }
    }

    /**
     * What backs a mapping's pages: MAP_SHARED or not, and for a file mapping the host file and (shared only) the
     * page cache whose frames it maps.
     */
    public record Backing(boolean shared, java.nio.file.Path file, ukcf.user.fs.SharedFilePages pages,
                          ukcf.user.fs.DeviceFile device) {
        public Backing(boolean shared, java.nio.file.Path file, ukcf.user.fs.SharedFilePages pages) {
            this(shared, file, pages, null);
        }

        public static Backing sharedAnonymous() { return new Backing(true, null, null); }

        /** Pages a driver's mmap gave (its kernel frames when shared, a copy of them when private). */
        public static Backing device(boolean shared, ukcf.user.fs.DeviceFile device) {
            return new Backing(shared, null, null, device);
        }
    }

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

    public synchronized void add(long start, long end, int prot, String name) { add(new Region(start, end, prot, name)); }

    public synchronized void add(Region region) {
        remove(region.start(), region.end());
        regions.put(region.start(), region);
    }

    /** The region holding {@code address}, or null. */
    public Region find(long address) {
        Map.Entry<Long, Region> e = regions.floorEntry(address);
        return e == null || e.getValue().end() <= address ? null : e.getValue();
    }

    /** The regions overlapping [start, end), clipped to it, in address order. */
    public java.util.List<Region> within(long start, long end) {
        java.util.List<Region> parts = new java.util.ArrayList<>();
        for (Region r : regions.values()) {
            if (r.end() <= start || r.start() >= end) continue;
            parts.add(r.slice(Math.max(start, r.start()), Math.min(end, r.end()), r.prot()));
        }
        return parts;
    }

    /** Removes [start, end), splitting regions that straddle its edges. */
    public synchronized void remove(long start, long end) {
        for (Region r : regions.values().toArray(new Region[0])) {
            if (r.end() <= start || r.start() >= end) continue;
            regions.remove(r.start());
            if (r.start() < start) regions.put(r.start(), r.slice(r.start(), start, r.prot()));
            if (r.end() > end) regions.put(end, r.slice(end, r.end(), r.prot()));
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
            add(r.slice(from, to, prot));
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
