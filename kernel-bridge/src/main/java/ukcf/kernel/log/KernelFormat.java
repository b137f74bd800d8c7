package ukcf.kernel.log;

import java.io.ByteArrayOutputStream;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.memory.Memory;

/**
 * The kernel's printf (lib/vsprintf.c vsnprintf) over guest memory: the format string and every string or buffer
 * argument are read from the guest, the arguments come as i386 varargs. It follows the kernel where it differs from
 * C: {@code %p} prints a hashed value, alphanumerics after {@code %p} select an extension ({@link PointerFormats}),
 * an unsupported conversion (such as {@code %n}) ends the output, a NULL or unreadable string prints "(null)" or
 * "(efault)".
 */
public final class KernelFormat {
    /** Longest format or string argument read; the kernel's printk buffer is 1 KiB (LOG_LINE_MAX). */
    static final int MAX_STRING = 1024;
    static final int POINTER_DIGITS = 8; // 2 * sizeof(void *) on i386

    private final Memory memory;
    private final PointerFormats pointers;

    /**
     * @param symbols names guest addresses for {@code %pS}; {@code hashKey} keys {@code %p}'s pointer hashing
     */
    public KernelFormat(Memory memory, SymbolNamer symbols, long hashKey) {
        this.memory = memory;
        this.pointers = new PointerFormats(this, symbols, hashKey);
    }

    Memory memory() { return memory; }

    /** Formats the NUL-terminated format at {@code formatAddress} with {@code args}. */
    public byte[] format(int formatAddress, VarArgs args) {
        Output out = new Output();
        formatInto(out, formatAddress, args);
        return out.toByteArray();
    }

    void formatInto(Output out, int formatAddress, VarArgs args) {
        byte[] format = readString(formatAddress, MAX_STRING);
        if (format == null) return;
        int i = 0;
        while (i < format.length) {
            byte c = format[i];
            if (c != '%') {
                out.write(c);
                i++;
                continue;
            }
            FormatDecoder.Decoded d = FormatDecoder.decode(format, i + 1, args);
            i = d.next();
            FormatSpec spec = d.spec();
            switch (spec.conversion()) {
                case '%' -> out.write('%');
                case 'c' -> character(out, spec, args.next32());
                case 's' -> string(out, args.next32(), spec);
                case 'p' -> {
                    int extensionStart = i;
                    while (i < format.length && Character.isLetterOrDigit(format[i])) i++;
                    pointers.format(out, new String(format, extensionStart, i - extensionStart,
                            java.nio.charset.StandardCharsets.ISO_8859_1), args.next32(), spec, args);
                }
                case 'd', 'i', 'u', 'o', 'x', 'X' -> number(out, integer(spec, args), spec);
                default -> {
                    return; // FORMAT_TYPE_INVALID: vsnprintf stops here
                }
            }
        }
    }

    /** The integer argument of a numeric conversion, sign- or zero-extended by its qualifier. */
    private static long integer(FormatSpec spec, VarArgs args) {
        boolean signed = spec.has(FormatSpec.SIGN);
        return switch (spec.qualifier()) {
            case "ll", "L" -> args.next64();
            case "h" -> signed ? (short) args.next32() : args.next32() & 0xFFFFL;
            case "hh" -> signed ? (byte) args.next32() : args.next32() & 0xFFL;
            default -> signed ? args.next32() : args.next32() & 0xFFFFFFFFL; // int, l, z, Z, t: 32 bits on i386
        };
    }

    private static void character(Output out, FormatSpec spec, int value) {
        int width = spec.width();
        if (!spec.has(FormatSpec.LEFT)) while (--width > 0) out.write(' ');
        out.write(value);
        while (--width > 0) out.write(' ');
    }

    /** lib/vsprintf.c number(): sign, 0x prefix, zero or space padding, precision as minimum digits. */
    static void number(Output out, long value, FormatSpec spec) {
        int base = switch (spec.conversion()) {
            case 'o' -> 8;
            case 'x', 'X' -> 16;
            default -> 10;
        };
        int flags = spec.flags();
        if ((flags & FormatSpec.LEFT) != 0) flags &= ~FormatSpec.ZEROPAD;
        int width = spec.width(), precision = spec.precision();
        char sign = 0;
        if ((flags & FormatSpec.SIGN) != 0) {
            if (value < 0) {
                sign = '-';
                value = -value;
                width--;
            } else if ((flags & FormatSpec.PLUS) != 0) {
                sign = '+';
                width--;
            } else if ((flags & FormatSpec.SPACE) != 0) {
                sign = ' ';
                width--;
            }
        }
        boolean prefix = (flags & FormatSpec.SPECIAL) != 0 && base != 10;
        if (prefix) width -= base == 16 ? 2 : value == 0 ? 0 : 1;
        String digits = Long.toUnsignedString(value, base);
        digits = (flags & FormatSpec.SMALL) != 0 ? digits.toLowerCase() : digits.toUpperCase();
        if (digits.length() > precision) precision = digits.length();
        width -= precision;
        if ((flags & (FormatSpec.ZEROPAD | FormatSpec.LEFT)) == 0) while (--width >= 0) out.write(' ');
        if (sign != 0) out.write(sign);
        if (prefix) {
            if (base == 16 || value != 0) out.write('0');
            if (base == 16) out.write((flags & FormatSpec.SMALL) != 0 ? 'x' : 'X');
        }
        if ((flags & FormatSpec.LEFT) == 0) {
            char pad = (flags & FormatSpec.ZEROPAD) != 0 ? '0' : ' ';
            while (--width >= 0) out.write(pad);
        }
        for (int i = digits.length(); i < precision; i++) out.write('0');
        out.writeAscii(digits);
        while (--width >= 0) out.write(' ');
    }

    /** {@code %s}: at most precision bytes of the guest string, widened to the field width. */
    void string(Output out, int address, FormatSpec spec) {
        String problem = pointerProblem(address);
        if (problem != null) {
            errorString(out, problem, spec);
            return;
        }
        int limit = spec.precision() < 0 ? MAX_STRING : spec.precision();
        byte[] bytes = readString(address, limit);
        if (bytes == null) {
            errorString(out, "(efault)", spec);
            return;
        }
        widen(out, bytes, spec);
    }

    /** error_string(): a short marker, cut to 2 * sizeof(void *) characters unless a precision is given. */
    static void errorString(Output out, String text, FormatSpec spec) {
        int limit = spec.precision() < 0 ? POINTER_DIGITS : spec.precision();
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        widen(out, java.util.Arrays.copyOf(bytes, Math.min(bytes.length, limit)), spec);
    }

    static void widen(Output out, byte[] text, FormatSpec spec) {
        int pad = spec.width() - text.length;
        if (!spec.has(FormatSpec.LEFT)) for (int i = 0; i < pad; i++) out.write(' ');
        out.write(text, 0, text.length);
        if (spec.has(FormatSpec.LEFT)) for (int i = 0; i < pad; i++) out.write(' ');
    }

    /** check_pointer_msg(): NULL, the first page and error values are not dereferenced. */
    static String pointerProblem(int address) {
        if (address == 0) return "(null)";
        if (Integer.toUnsignedLong(address) < 4096 || isErrorValue(address)) return "(efault)";
        return null;
    }

    /** IS_ERR_VALUE: the top 4095 addresses encode -errno. */
    static boolean isErrorValue(int address) { return Integer.toUnsignedLong(address) >= 0xFFFFF001L; }

    /** The bytes before the NUL (at most {@code limit}), or null when the guest memory cannot be read. */
    byte[] readString(int address, int limit) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            for (int i = 0; i < limit; i++) {
                int b = memory.read8(address + i);
                if (b == 0) break;
                bytes.write(b);
            }
        } catch (GuestFault unreadable) {
            return null;
        }
        return bytes.toByteArray();
    }

    /** A guest string for an error report: its bytes, or "(efault)" when it cannot be read. */
    public byte[] readStringForReport(int address) {
        byte[] bytes = pointerProblem(address) == null ? readString(address, MAX_STRING) : null;
        return bytes != null ? bytes : "(efault)".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** {@code length} guest bytes, or null when they cannot be read. */
    byte[] readBytes(int address, int length) {
        byte[] bytes = new byte[length];
        try {
            memory.read(address, bytes, 0, length);
        } catch (GuestFault unreadable) {
            return null;
        }
        return bytes;
    }

    /** The growing output: bytes, as the kernel's strings are. */
    static final class Output extends ByteArrayOutputStream {
        void writeAscii(String s) {
            for (int i = 0; i < s.length(); i++) write(s.charAt(i));
        }
    }
}
