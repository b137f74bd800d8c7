package ukcf.user.process;

import ukcf.cpu.memory.AddressSpace;
import ukcf.cpu.memory.MappedRange;

/**
 * fork's copy of an address space: every mapped page with its protection and contents (no copy-on-write yet),
 * except that pages of MAP_SHARED regions are shared, not copied (and shared file pages count one more user).
 */
final class AddressSpaces {
    private AddressSpaces() { }

    static AddressSpace copy(AddressSpace source, MemoryMappings mappings) {
        AddressSpace copy = copy(source);
        for (MemoryMappings.Region r : mappings.regions()) {
            if (!r.shared()) continue;
            for (long page = r.start(); page < r.end(); page += AddressSpace.PAGE_SIZE) {
                int at = (int) page;
                int protection = source.protection(at);
                if (protection == AddressSpace.UNMAPPED) continue;
                if (r.backing().pages() != null && protection > ukcf.cpu.memory.Protection.ofLinuxProt(0, true)) {
                    r.backing().pages().acquire((r.offset() + (page - r.start())) / AddressSpace.PAGE_SIZE);
                }
                copy.mapFrame(at, source.frameOf(at), protection);
            }
        }
        return copy;
    }

    static AddressSpace copy(AddressSpace source) {
        AddressSpace copy = new AddressSpace();
        byte[] page = new byte[AddressSpace.PAGE_SIZE];
        for (MappedRange range : source.mappedRanges()) {
            copy.map(range.start(), range.length(), range.protection());
            for (long offset = 0; offset < range.length(); offset += AddressSpace.PAGE_SIZE) {
                int address = (int) (Integer.toUnsignedLong(range.start()) + offset);
                source.readHost(address, page, 0, page.length);
                copy.writeHost(address, page, 0, page.length);
            }
        }
        return copy;
    }
}
