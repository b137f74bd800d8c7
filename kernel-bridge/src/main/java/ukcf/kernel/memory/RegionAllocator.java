package ukcf.kernel.memory;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * First-fit allocator of page runs inside one {@link KernelRegion}; freed runs merge with free neighbours, so a
 * region that had everything freed is one free run again. Addresses are unsigned longs inside the region.
 */
final class RegionAllocator {
    private final TreeMap<Long, Long> freeRuns = new TreeMap<>();
    private final Map<Long, Long> allocated = new HashMap<>();
    private long allocatedBytes;

    RegionAllocator(long start, long length) {
        freeRuns.put(start, length);
    }

    /** A run of {@code length} bytes (a multiple of the page size), or empty if no free run is long enough. */
    synchronized OptionalLong allocate(long length) {
        for (Map.Entry<Long, Long> run : freeRuns.entrySet()) {
            if (run.getValue() >= length) {
                long start = run.getKey();
                freeRuns.remove(start);
                if (run.getValue() > length) freeRuns.put(start + length, run.getValue() - length);
                allocated.put(start, length);
                allocatedBytes += length;
                return OptionalLong.of(start);
            }
        }
        return OptionalLong.empty();
    }

    /** Frees the run that starts at {@code start} and returns its length; fails if no run starts there. */
    synchronized long free(long start) {
        Long length = allocated.remove(start);
        if (length == null) throw new IllegalStateException(String.format("0x%08x was not allocated", start));
        allocatedBytes -= length;
        long from = start, size = length;
        Map.Entry<Long, Long> before = freeRuns.lowerEntry(from);
        if (before != null && before.getKey() + before.getValue() == from) {
            freeRuns.remove(before.getKey());
            from = before.getKey();
            size += before.getValue();
        }
        Long after = freeRuns.get(start + length);
        if (after != null) {
            freeRuns.remove(start + length);
            size += after;
        }
        freeRuns.put(from, size);
        return length;
    }

    synchronized long allocatedBytes() {
        return allocatedBytes;
    }
}
