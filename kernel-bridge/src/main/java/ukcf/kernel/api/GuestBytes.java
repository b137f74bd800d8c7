package ukcf.kernel.api;

import java.io.ByteArrayOutputStream;
import ukcf.cpu.memory.Memory;

/** Bulk guest memory helpers for kernel functions: faults propagate (an oops) unless a caller catches them. */
final class GuestBytes {
    private GuestBytes() { }

    /** User space ends where the kernel half begins (PAGE_OFFSET in the 3G/1G split). */
    static final long TASK_SIZE = 0xC0000000L;
    static final int EFAULT = -14, EINVAL = -22, E2BIG = -7, ENOKEY = -126;

    static byte[] read(Memory m, int address, int length) {
        byte[] bytes = new byte[length];
        if (length > 0) m.read(address, bytes, 0, length);
        return bytes;
    }

    static void write(Memory m, int address, byte[] bytes) {
        if (bytes.length > 0) m.write(address, bytes, 0, bytes.length);
    }

    private static final int CHUNK = 4096;

    /**
     * memmove over guest memory in page-sized chunks (backwards when the ranges overlap that way), so that a wild
     * length faults at its first unmapped page instead of asking the host for gigabytes.
     */
    static void move(Memory m, int dst, int src, int length) {
        long n = Integer.toUnsignedLong(length);
        long d = Integer.toUnsignedLong(dst), s = Integer.toUnsignedLong(src);
        boolean backward = d > s && d < s + n;
        byte[] chunk = new byte[(int) Math.min(CHUNK, n)];
        for (long done = 0; done < n; ) {
            int size = (int) Math.min(CHUNK, n - done);
            long offset = backward ? n - done - size : done;
            m.read((int) (s + offset), chunk, 0, size);
            m.write((int) (d + offset), chunk, 0, size);
            done += size;
        }
    }

    static void fill(Memory m, int dst, int value, int length) {
        long n = Integer.toUnsignedLong(length);
        byte[] chunk = new byte[(int) Math.min(CHUNK, n)];
        java.util.Arrays.fill(chunk, (byte) value);
        for (long done = 0; done < n; done += CHUNK) m.write((int) (dst + done), chunk, 0, (int) Math.min(CHUNK, n - done));
    }

    /** The bytes before the NUL, reading at most {@code limit}. */
    static byte[] string(Memory m, int address, int limit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < limit; i++) {
            int b = m.read8(address + i);
            if (b == 0) break;
            out.write(b);
        }
        return out.toByteArray();
    }

    static int strlen(Memory m, int address) {
        int n = 0;
        while (m.read8(address + n) != 0) n++;
        return n;
    }

    /** access_ok(): the whole range lies in user space. */
    static boolean userRange(int address, int length) {
        long a = Integer.toUnsignedLong(address), n = Integer.toUnsignedLong(length);
        return n <= TASK_SIZE && a <= TASK_SIZE - n;
    }
}
