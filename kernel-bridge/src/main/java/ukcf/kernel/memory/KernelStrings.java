package ukcf.kernel.memory;

import java.nio.charset.StandardCharsets;

import ukcf.cpu.memory.Memory;

/** C strings in kernel memory, as the host kernel's own code reads and makes them (names, node names, kobject names). */
public final class KernelStrings {
    private KernelStrings() { }

    /** The bytes before the NUL at {@code address} (at most {@code limit}) as Latin-1; "" for NULL. */
    public static String read(Memory m, int address, int limit) {
        if (address == 0) return "";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < limit; i++) {
            int b = m.read8(address + i);
            if (b == 0) break;
            s.append((char) b);
        }
        return s.toString();
    }

    /** A kmalloc'ed, NUL-terminated copy of {@code text}; 0 when the heap is full. */
    public static int copy(KernelHeap heap, Memory m, String text) {
        byte[] bytes = (text + "\0").getBytes(StandardCharsets.ISO_8859_1);
        int address = heap.allocate(bytes.length);
        if (address != 0) m.write(address, bytes, 0, bytes.length);
        return address;
    }
}
