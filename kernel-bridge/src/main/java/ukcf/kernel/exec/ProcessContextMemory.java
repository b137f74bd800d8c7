package ukcf.kernel.exec;

import ukcf.cpu.memory.AddressSpace;
import ukcf.cpu.memory.CodeSource;
import ukcf.cpu.memory.Memory;
import ukcf.cpu.memory.PagedMemory;

/**
 * What a driver running on behalf of a process sees, as on Linux's 3G/1G split: the kernel half (module images,
 * the kernel heap, the host-symbol range) below it the calling process's user space, so that user pointers handed
 * to the driver (copy_to_user, get_user) reach that process. Each access goes to the half its address is in; the
 * rare access straddling 0xC0000000 is split into bytes.
 */
public final class ProcessContextMemory implements Memory, CodeSource {
    public static final long KERNEL_BASE = 0xC0000000L;

    private final Memory user;
    private final PagedMemory kernel;

    /**
     * @param user   the process's space seen with supervisor rights
     * @param kernel a supervisor view of the kernel half's space (where driver code lives: the translator caches
     *               driver translations there and hears of writes to them)
     */
    public ProcessContextMemory(Memory user, PagedMemory kernel) {
        this.user = user;
        this.kernel = kernel;
    }

    @Override
    public AddressSpace codeSpace() { return kernel.space(); }

    private Memory half(int address) { return Integer.toUnsignedLong(address) >= KERNEL_BASE ? kernel : user; }

    /** The half holding all {@code size} bytes, or null when the access straddles the boundary. */
    private Memory whole(int address, int size) {
        long a = Integer.toUnsignedLong(address);
        if (a >= KERNEL_BASE) return kernel;
        return a + size <= KERNEL_BASE ? user : null;
    }

    @Override public int read8(int address) { return half(address).read8(address); }

    @Override
    public int read16(int address) {
        Memory m = whole(address, 2);
        return m != null ? m.read16(address) : (int) readBytes(address, 2);
    }

    @Override
    public int read32(int address) {
        Memory m = whole(address, 4);
        return m != null ? m.read32(address) : (int) readBytes(address, 4);
    }

    @Override
    public long read64(int address) {
        Memory m = whole(address, 8);
        return m != null ? m.read64(address) : readBytes(address, 8);
    }

    @Override public void write8(int address, int value) { half(address).write8(address, value); }

    @Override
    public void write16(int address, int value) {
        Memory m = whole(address, 2);
        if (m != null) m.write16(address, value);
        else writeBytes(address, value, 2);
    }

    @Override
    public void write32(int address, int value) {
        Memory m = whole(address, 4);
        if (m != null) m.write32(address, value);
        else writeBytes(address, value, 4);
    }

    @Override
    public void write64(int address, long value) {
        Memory m = whole(address, 8);
        if (m != null) m.write64(address, value);
        else writeBytes(address, value, 8);
    }

    @Override
    public void read(int address, byte[] destination, int offset, int length) {
        Memory m = whole(address, length);
        if (m != null) {
            m.read(address, destination, offset, length);
        } else {
            for (int i = 0; i < length; i++) destination[offset + i] = (byte) read8(address + i);
        }
    }

    @Override
    public void write(int address, byte[] source, int offset, int length) {
        Memory m = whole(address, length);
        if (m != null) {
            m.write(address, source, offset, length);
        } else {
            for (int i = 0; i < length; i++) write8(address + i, source[offset + i]);
        }
    }

    @Override public int fetch8(int address) { return half(address).fetch8(address); }

    private long readBytes(int address, int size) {
        long value = 0;
        for (int i = size - 1; i >= 0; i--) value = value << 8 | read8(address + i);
        return value;
    }

    private void writeBytes(int address, long value, int size) {
        for (int i = 0; i < size; i++) write8(address + i, (int) (value >>> (8 * i)));
    }
}
