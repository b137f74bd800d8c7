package ukcf.cpu.semantics.sse;

import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.memory.Memory;

/** A small flat memory at a fixed base for handler tests; accesses outside it page-fault. */
final class FlatTestMemory implements Memory {
    final int base;
    final byte[] bytes;

    FlatTestMemory(int base, int size) {
        this.base = base;
        this.bytes = new byte[size];
    }

    private int offset(int address, int length, boolean write) {
        int offset = address - base;
        if (offset < 0 || offset + length > bytes.length) {
            throw GuestFault.pageFault(address, write ? GuestFault.PF_WRITE : 0);
        }
        return offset;
    }

    private long readLittleEndian(int address, int length) {
        int o = offset(address, length, false);
        long value = 0;
        for (int i = length - 1; i >= 0; i--) value = (value << 8) | (bytes[o + i] & 0xFF);
        return value;
    }

    private void writeLittleEndian(int address, int length, long value) {
        int o = offset(address, length, true);
        for (int i = 0; i < length; i++) bytes[o + i] = (byte) (value >>> (8 * i));
    }

    @Override public int read8(int address) { return (int) readLittleEndian(address, 1); }
    @Override public int read16(int address) { return (int) readLittleEndian(address, 2); }
    @Override public int read32(int address) { return (int) readLittleEndian(address, 4); }
    @Override public long read64(int address) { return readLittleEndian(address, 8); }
    @Override public void write8(int address, int value) { writeLittleEndian(address, 1, value); }
    @Override public void write16(int address, int value) { writeLittleEndian(address, 2, value); }
    @Override public void write32(int address, int value) { writeLittleEndian(address, 4, value); }
    @Override public void write64(int address, long value) { writeLittleEndian(address, 8, value); }

    @Override
    public void read(int address, byte[] destination, int offset, int length) {
        System.arraycopy(bytes, offset(address, length, false), destination, offset, length);
    }

    @Override
    public void write(int address, byte[] source, int offset, int length) {
        System.arraycopy(source, offset, bytes, offset(address, length, true), length);
    }

    @Override public int fetch8(int address) { return read8(address); }
}
