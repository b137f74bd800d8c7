package ukcf.user.process;

import ukcf.cpu.memory.AddressSpace;
import ukcf.cpu.memory.MappedRange;

/** fork's copy of an address space: every mapped page with its protection and contents (no copy-on-write yet). */
final class AddressSpaces {
    private AddressSpaces() { }

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
