package ukcf.kernel.api;

import static ukcf.kernel.api.GuestBytes.string;
import static ukcf.kernel.api.GuestBytes.write;

import java.util.Arrays;
import ukcf.cpu.memory.Memory;

/** lib/string.c and the i386 string functions, run natively over guest memory. */
final class StringExports {
    private StringExports() { }

    private static final int MAX_STRING = 1 << 20;

    @KernelExport
    static int memcpy(KernelCall c, int dst, int src, int n) {
        GuestBytes.move(c.memory(), dst, src, n);
        return dst;
    }

    @KernelExport
    static int memmove(KernelCall c, int dst, int src, int n) { return memcpy(c, dst, src, n); }

    @KernelExport
    static int memset(KernelCall c, int s, int value, int n) {
        GuestBytes.fill(c.memory(), s, value, n);
        return s;
    }

    @KernelExport
    static int memcmp(KernelCall c, int a, int b, int n) {
        Memory m = c.memory();
        for (int i = 0; Integer.compareUnsigned(i, n) < 0; i++) {
            int x = m.read8(a + i), y = m.read8(b + i);
            if (x != y) return x - y;
        }
        return 0;
    }

    @KernelExport
    static int strlen(KernelCall c, int s) { return GuestBytes.strlen(c.memory(), s); }

    @KernelExport
    static int strnlen(KernelCall c, int s, int max) {
        int n = 0;
        while (Integer.compareUnsigned(n, max) < 0 && c.memory().read8(s + n) != 0) n++;
        return n;
    }

    @KernelExport
    static int strcmp(KernelCall c, int a, int b) { return strncmp(c, a, b, -1); }

    @KernelExport
    static int strncmp(KernelCall c, int a, int b, int n) {
        Memory m = c.memory();
        for (int i = 0; Integer.compareUnsigned(i, n) < 0; i++) {
            int x = m.read8(a + i), y = m.read8(b + i);
            if (x != y) return x < y ? -1 : 1;
            if (x == 0) return 0;
        }
        return 0;
    }

    @KernelExport
    static int strcpy(KernelCall c, int dst, int src) {
        byte[] s = string(c.memory(), src, MAX_STRING);
        write(c.memory(), dst, Arrays.copyOf(s, s.length + 1));
        return dst;
    }

    /** strncpy: at most n bytes, NUL-padded, not necessarily terminated. */
    @KernelExport
    static int strncpy(KernelCall c, int dst, int src, int n) {
        byte[] s = string(c.memory(), src, n);
        write(c.memory(), dst, Arrays.copyOf(s, n));
        return dst;
    }

    /** strscpy: copies and always terminates; the length copied, or -E2BIG when the source was cut. */
    @KernelExport
    static int strscpy(KernelCall c, int dst, int src, int count) {
        if (count <= 0) return GuestBytes.E2BIG;
        byte[] s = string(c.memory(), src, count);
        boolean fits = s.length < count;
        byte[] out = Arrays.copyOf(s, fits ? s.length + 1 : count);
        out[out.length - 1] = 0;
        write(c.memory(), dst, out);
        return fits ? s.length : GuestBytes.E2BIG;
    }

    @KernelExport
    static int strcat(KernelCall c, int dst, int src) {
        strcpy(c, dst + GuestBytes.strlen(c.memory(), dst), src);
        return dst;
    }

    @KernelExport
    static int strchr(KernelCall c, int s, int ch) {
        for (int i = 0; ; i++) {
            int b = c.memory().read8(s + i);
            if (b == (ch & 0xFF)) return s + i;
            if (b == 0) return 0;
        }
    }

    @KernelExport
    static int strrchr(KernelCall c, int s, int ch) {
        int found = 0;
        for (int i = 0; ; i++) {
            int b = c.memory().read8(s + i);
            if (b == (ch & 0xFF)) found = s + i;
            if (b == 0) return found;
        }
    }

    @KernelExport
    static int strstr(KernelCall c, int haystack, int needle) {
        byte[] h = string(c.memory(), haystack, MAX_STRING), n = string(c.memory(), needle, MAX_STRING);
        outer:
        for (int i = 0; i + n.length <= h.length; i++) {
            for (int k = 0; k < n.length; k++) if (h[i + k] != n[k]) continue outer;
            return haystack + i;
        }
        return 0;
    }

    // ---- the printf family: the kernel's format language (KernelFormat) into a guest buffer ----

    @KernelExport(convention = KernelExport.Convention.VARARGS)
    static int sprintf(KernelCall c, int buffer, int format) {
        byte[] text = c.kernel().format(c.memory()).format(format, c.varargsAfter(2));
        write(c.memory(), buffer, Arrays.copyOf(text, text.length + 1));
        return text.length;
    }

    @KernelExport(convention = KernelExport.Convention.VARARGS)
    static int snprintf(KernelCall c, int buffer, int size, int format) {
        return bounded(c, buffer, size, c.kernel().format(c.memory()).format(format, c.varargsAfter(3)), false);
    }

    @KernelExport(convention = KernelExport.Convention.VARARGS)
    static int scnprintf(KernelCall c, int buffer, int size, int format) {
        return bounded(c, buffer, size, c.kernel().format(c.memory()).format(format, c.varargsAfter(3)), true);
    }

    @KernelExport
    static int vsnprintf(KernelCall c, int buffer, int size, int format, int vaList) {
        return bounded(c, buffer, size, c.kernel().format(c.memory()).format(format,
                ukcf.kernel.log.VarArgs.onStack(c.memory(), vaList)), false);
    }

    @KernelExport
    static int vscnprintf(KernelCall c, int buffer, int size, int format, int vaList) {
        return bounded(c, buffer, size, c.kernel().format(c.memory()).format(format,
                ukcf.kernel.log.VarArgs.onStack(c.memory(), vaList)), true);
    }

    /**
     * Stores at most size-1 bytes and a NUL. vsnprintf answers the length the whole text has, vscnprintf what was
     * stored.
     */
    private static int bounded(KernelCall c, int buffer, int size, byte[] text, boolean stored) {
        if (size <= 0) return stored ? 0 : text.length;
        int n = Math.min(text.length, size - 1);
        byte[] out = Arrays.copyOf(text, n + 1);
        out[n] = 0;
        write(c.memory(), buffer, out);
        return stored ? n : text.length;
    }
}
