package ukcf.cpu.testing;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.memory.Access;
import ukcf.cpu.memory.Memory;

/** A sparse little-endian test memory: 4 KiB pages mapped on demand by tests, #PF elsewhere or on read-only writes. */
public final class PagedTestMemory implements Memory {
    private static final int PAGE = 4096;
    private final Map<Integer, byte[]> pages = new HashMap<>();
    private final Set<Integer> readOnly = new HashSet<>();

    public void map(int address, int length) {
        for (long a = address & ~(PAGE - 1L) & 0xFFFFFFFFL; a < (address & 0xFFFFFFFFL) + length; a += PAGE) {
            pages.computeIfAbsent((int) (a >>> 12), k -> new byte[PAGE]);
        }
    }

    public void protect(int address) { readOnly.add(address >>> 12); }

    private byte[] page(int address, boolean write) {
        byte[] page = pages.get(address >>> 12);
        if (page == null) throw GuestFault.pageFault(address, (write ? GuestFault.PF_WRITE : 0) | GuestFault.PF_USER);
        if (write && readOnly.contains(address >>> 12)) {
            throw GuestFault.pageFault(address, GuestFault.PF_PRESENT | GuestFault.PF_WRITE | GuestFault.PF_USER);
        }
        return page;
    }

    private long load(int address, int size) {
        for (int i = 0; i < size; i++) page(address + i, false);
        long value = 0;
        for (int i = size - 1; i >= 0; i--) value = (value << 8) | (page(address + i, false)[(address + i) & (PAGE - 1)] & 0xFF);
        return value;
    }

    private void store(int address, int size, long value) {
        for (int i = 0; i < size; i++) page(address + i, true);
        for (int i = 0; i < size; i++) page(address + i, true)[(address + i) & (PAGE - 1)] = (byte) (value >>> (8 * i));
    }

    @Override public int read8(int address) { return (int) load(address, 1); }
    @Override public int read16(int address) { return (int) load(address, 2); }
    @Override public int read32(int address) { return (int) load(address, 4); }
    @Override public long read64(int address) { return load(address, 8); }
    @Override public void write8(int address, int value) { store(address, 1, value); }
    @Override public void write16(int address, int value) { store(address, 2, value); }
    @Override public void write32(int address, int value) { store(address, 4, value); }
    @Override public void write64(int address, long value) { store(address, 8, value); }

    @Override
    public void read(int address, byte[] destination, int offset, int length) {
        for (int i = 0; i < length; i++) page(address + i, false);
        for (int i = 0; i < length; i++) destination[offset + i] = (byte) read8(address + i);
    }

    @Override
    public void write(int address, byte[] source, int offset, int length) {
        for (int i = 0; i < length; i++) page(address + i, true);
        for (int i = 0; i < length; i++) write8(address + i, source[offset + i]);
    }

    @Override
    public void probe(int address, int length, Access access) {
        for (int i = 0; i < length; i++) page(address + i, access == Access.WRITE);
    }

    @Override public int fetch8(int address) { return read8(address); }
}
