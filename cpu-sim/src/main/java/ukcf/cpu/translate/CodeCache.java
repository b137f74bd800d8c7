package ukcf.cpu.translate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import ukcf.cpu.memory.AddressSpace;
import ukcf.cpu.memory.CodeWriteListener;

/**
 * Translated blocks of one address space by guest address (in the flat user and kernel segments the linear
 * address, which here is the physical one), shared by every engine running in that space: a forked or exec'd
 * process has a new address space and so a cache of its own.
 *
 * <p>Invalidation is by page: installing a block marks its pages as code ({@link AddressSpace#markCode}), so
 * every write to them reaches {@link #codeWritten} (self-modifying code, a loader or {@code read} filling a page),
 * as do map, unmap and protect of such a page (code loaded over old code by execve or mmap, munmap, loss of
 * execute permission). Every block on the page is dropped and the page unmarked until a block is translated
 * from it again.
 *
 * <p>Bounded: when {@code maxCachedBlocks} are held the whole cache is flushed (QEMU's policy too: cheaper and
 * simpler than tracking ages, and a working set that does not fit thrashes either way). Dropped blocks become
 * unreachable once no engine's jump cache or chain refers to them, and their hidden classes unload.
 *
 * <p>Lookups are lock-free; changes are synchronized on the cache and never call into the address space while
 * holding that lock (the space calls the listener holding its own).
 */
final class CodeCache implements CodeWriteListener {
    private final AddressSpace space;
    private final int limit;
    private final Map<Integer, TranslatedBlock> blocks = new ConcurrentHashMap<>();
    private final Map<Integer, List<TranslatedBlock>> blocksByPage = new HashMap<>();
    private long flushes, invalidatedBlocks;

    private CodeCache(AddressSpace space, int limit) {
        this.space = space;
        this.limit = limit;
    }

    /**
     * The cache of {@code space}: its code-write listener, made and registered on first use (so the cache lives
     * exactly as long as the space).
     */
    static CodeCache of(AddressSpace space, int limit) {
        synchronized (space) {
            if (space.codeWriteListener() instanceof CodeCache cache) return cache;
            CodeCache cache = new CodeCache(space, limit);
            space.setCodeWriteListener(cache);
            return cache;
        }
    }

    /**
     * A cache that hears of no writes, for code that does not come from an address space (a test's pre-decoded
     * program): its blocks stay valid until {@link #flush}.
     */
    static CodeCache detached(int limit) {
        return new CodeCache(null, limit);
    }

    TranslatedBlock lookup(int address) {
        return blocks.get(address);
    }

    void install(TranslatedBlock block) {
        if (space != null) {
            for (int page : block.pages) space.markCode(page << AddressSpace.PAGE_SHIFT);
        }
        synchronized (this) {
            if (blocks.size() >= limit) flush();
            TranslatedBlock replaced = blocks.put(block.address, block);
            if (replaced != null) replaced.valid = false;
            for (int page : block.pages) blocksByPage.computeIfAbsent(page, p -> new ArrayList<>()).add(block);
        }
    }

    @Override
    public void codeWritten(int address, int length) {
        int page = address >>> AddressSpace.PAGE_SHIFT;
        synchronized (this) {
            List<TranslatedBlock> stale = blocksByPage.remove(page);
            if (stale != null) {
                for (TranslatedBlock block : stale) {
                    if (block.valid) invalidatedBlocks++;
                    block.valid = false;
                    blocks.remove(block.address, block);
                }
            }
        }
        if (space != null) space.unmarkCode(page << AddressSpace.PAGE_SHIFT);
    }

    /** Drops every block. Pages stay marked as code until their next write finds nothing to drop. */
    synchronized void flush() {
        for (TranslatedBlock block : blocks.values()) block.valid = false;
        blocks.clear();
        blocksByPage.clear();
        flushes++;
    }

    synchronized int size() { return blocks.size(); }

    synchronized long flushes() { return flushes; }

    synchronized long invalidatedBlocks() { return invalidatedBlocks; }
}
