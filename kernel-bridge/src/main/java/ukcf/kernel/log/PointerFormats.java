package ukcf.kernel.log;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The {@code %p} extensions of lib/vsprintf.c pointer(), one entry per leading extension letter. Letters without
 * an entry print the hashed pointer as plain {@code %p} does. Not modelled (and so printed as plain {@code %p}):
 * %pE, %pI6/%pIS, %pR, %pb, %pd/%pD, %pg, %pG, %pC, %pO, %pt, %pN, %p4cc; %pe prints the number, as a kernel
 * without CONFIG_SYMBOLIC_ERRNAME does.
 */
final class PointerFormats {
    private interface Extension {
        void format(KernelFormat.Output out, String extension, int pointer, FormatSpec spec, VarArgs args);
    }

    private static final int MAX_HEX_BYTES = 64;

    private final KernelFormat format;
    private final SymbolNamer symbols;
    private final long hashKey;
    private final Map<Character, Extension> extensions;

    PointerFormats(KernelFormat format, SymbolNamer symbols, long hashKey) {
        this.format = format;
        this.symbols = symbols;
        this.hashKey = hashKey;
        this.extensions = Map.ofEntries(
                Map.entry('x', (out, e, p, spec, a) -> pointerString(out, p, spec)),
                Map.entry('K', (out, e, p, spec, a) -> hashed(out, p, spec)), // kptr_restrict 0: as %p
                Map.entry('S', this::symbol), Map.entry('s', this::symbol), Map.entry('B', this::symbol),
                Map.entry('h', this::hex),
                Map.entry('M', this::mac), Map.entry('m', this::mac),
                Map.entry('I', this::ip), Map.entry('i', this::ip),
                Map.entry('U', this::uuid),
                Map.entry('V', this::vaFormat),
                Map.entry('a', this::addressValue),
                Map.entry('e', this::errorPointer));
    }

    void format(KernelFormat.Output out, String extension, int pointer, FormatSpec spec, VarArgs args) {
        Extension e = extension.isEmpty() ? null : extensions.get(extension.charAt(0));
        if (e == null) hashed(out, pointer, spec);
        else e.format(out, extension, pointer, spec, args);
    }

    /** ptr_to_id(): NULL and error values print as they are, any other pointer as a keyed hash. */
    private void hashed(KernelFormat.Output out, int pointer, FormatSpec spec) {
        if (pointer == 0 || KernelFormat.isErrorValue(pointer)) {
            pointerString(out, pointer, spec);
            return;
        }
        long h = (Integer.toUnsignedLong(pointer) ^ hashKey) * 0xff51afd7ed558ccdL;
        h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
        pointerString(out, (int) (h ^ (h >>> 33)), spec);
    }

    /** pointer_string(): lower-case hex, 8 digits zero-padded unless a width is given. */
    private static void pointerString(KernelFormat.Output out, int pointer, FormatSpec spec) {
        FormatSpec hex = new FormatSpec(spec.flags() | FormatSpec.SMALL, spec.width(), spec.precision(), "", 'x');
        if (spec.width() == -1) hex = hex.withWidth(KernelFormat.POINTER_DIGITS).withFlags(hex.flags() | FormatSpec.ZEROPAD);
        KernelFormat.number(out, Integer.toUnsignedLong(pointer), hex);
    }

    /** %pS name+0xoff/0xsize [module], %ps name [module], %pB as %pS for a return address. */
    private void symbol(KernelFormat.Output out, String extension, int pointer, FormatSpec spec, VarArgs args) {
        boolean backtrace = extension.charAt(0) == 'B';
        int lookup = backtrace ? pointer - 1 : pointer;
        SymbolNamer.Symbol s = symbols.lookup(lookup);
        String text;
        if (s == null) {
            text = "0x" + Integer.toHexString(pointer);
        } else {
            text = s.name();
            if (extension.charAt(0) != 's') {
                text += "+0x" + Integer.toHexString(pointer - s.start()) + "/0x" + Integer.toHexString(s.size());
            }
            if (s.module() != null) text += " [" + s.module() + "]";
        }
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        if (spec.precision() >= 0 && bytes.length > spec.precision()) bytes = java.util.Arrays.copyOf(bytes, spec.precision());
        KernelFormat.widen(out, bytes, spec);
    }

    /** hex_string(): %ph with the field width as the byte count (1 when absent, at most 64), separator by suffix. */
    private void hex(KernelFormat.Output out, String extension, int pointer, FormatSpec spec, VarArgs args) {
        if (spec.width() == 0) return;
        if (problem(out, pointer, spec)) return;
        char separator = extension.length() < 2 ? ' ' : switch (extension.charAt(1)) {
            case 'C' -> ':';
            case 'D' -> '-';
            case 'N' -> (char) 0;
            default -> ' ';
        };
        int length = spec.width() > 0 ? Math.min(spec.width(), MAX_HEX_BYTES) : 1;
        byte[] bytes = format.readBytes(pointer, length);
        if (bytes == null) {
            KernelFormat.errorString(out, "(efault)", spec);
            return;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0 && separator != 0) out.write(separator);
            out.writeAscii(String.format("%02x", bytes[i] & 0xFF));
        }
    }

    /** mac_address_string(): six bytes, ':' (or '-' with F, none for %pm), R reverses. */
    private void mac(KernelFormat.Output out, String extension, int pointer, FormatSpec spec, VarArgs args) {
        if (problem(out, pointer, spec)) return;
        byte[] bytes = format.readBytes(pointer, 6);
        if (bytes == null) {
            KernelFormat.errorString(out, "(efault)", spec);
            return;
        }
        boolean reversed = extension.indexOf('R', 1) > 0;
        char separator = extension.charAt(0) == 'm' ? 0 : extension.indexOf('F', 1) > 0 ? '-' : ':';
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            if (i > 0 && separator != 0) s.append(separator);
            s.append(String.format("%02x", bytes[reversed ? 5 - i : i] & 0xFF));
        }
        KernelFormat.widen(out, s.toString().getBytes(StandardCharsets.ISO_8859_1), spec);
    }

    /** %pI4 dotted quad, %pi4 with three digits per byte; other address families print as %p. */
    private void ip(KernelFormat.Output out, String extension, int pointer, FormatSpec spec, VarArgs args) {
        if (extension.length() < 2 || extension.charAt(1) != '4') {
            hashed(out, pointer, spec);
            return;
        }
        if (problem(out, pointer, spec)) return;
        byte[] bytes = format.readBytes(pointer, 4);
        if (bytes == null) {
            KernelFormat.errorString(out, "(efault)", spec);
            return;
        }
        boolean leadingZeros = extension.charAt(0) == 'i';
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            if (i > 0) s.append('.');
            s.append(leadingZeros ? String.format("%03d", bytes[i] & 0xFF) : Integer.toString(bytes[i] & 0xFF));
        }
        KernelFormat.widen(out, s.toString().getBytes(StandardCharsets.ISO_8859_1), spec);
    }

    /** uuid_string(): b/B big-endian byte order, l/L little-endian first three fields; upper case for B and L. */
    private void uuid(KernelFormat.Output out, String extension, int pointer, FormatSpec spec, VarArgs args) {
        if (problem(out, pointer, spec)) return;
        byte[] bytes = format.readBytes(pointer, 16);
        if (bytes == null) {
            KernelFormat.errorString(out, "(efault)", spec);
            return;
        }
        char kind = extension.length() > 1 ? extension.charAt(1) : 'b';
        int[] order = kind == 'l' || kind == 'L'
                ? new int[] {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15}
                : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) s.append('-');
            s.append(String.format("%02x", bytes[order[i]] & 0xFF));
        }
        String text = kind == 'B' || kind == 'L' ? s.toString().toUpperCase() : s.toString();
        KernelFormat.widen(out, text.getBytes(StandardCharsets.ISO_8859_1), spec);
    }

    /** %pV: struct va_format { const char *fmt; va_list *va; }, formatted in place. */
    private void vaFormat(KernelFormat.Output out, String extension, int pointer, FormatSpec spec, VarArgs args) {
        if (problem(out, pointer, spec)) return;
        try {
            int nestedFormat = format.memory().read32(pointer);
            int vaList = format.memory().read32(format.memory().read32(pointer + 4));
            format.formatInto(out, nestedFormat, VarArgs.onStack(format.memory(), vaList));
        } catch (ukcf.cpu.fault.GuestFault unreadable) {
            KernelFormat.errorString(out, "(efault)", spec);
        }
    }

    /** address_val(): %pa[p] and %pad read a 32-bit phys_addr_t or dma_addr_t (686 without PAE) through the pointer. */
    private void addressValue(KernelFormat.Output out, String extension, int pointer, FormatSpec spec, VarArgs args) {
        if (problem(out, pointer, spec)) return;
        byte[] bytes = format.readBytes(pointer, 4);
        if (bytes == null) {
            KernelFormat.errorString(out, "(efault)", spec);
            return;
        }
        long value = (bytes[0] & 0xFFL) | (bytes[1] & 0xFFL) << 8 | (bytes[2] & 0xFFL) << 16 | (bytes[3] & 0xFFL) << 24;
        KernelFormat.number(out, value, new FormatSpec(spec.flags() | FormatSpec.SPECIAL | FormatSpec.SMALL
                | FormatSpec.ZEROPAD, 2 + KernelFormat.POINTER_DIGITS, -1, "", 'x'));
    }

    /** %pe: an error pointer prints its (negative) number; anything else as %p. */
    private void errorPointer(KernelFormat.Output out, String extension, int pointer, FormatSpec spec, VarArgs args) {
        if (!KernelFormat.isErrorValue(pointer)) {
            hashed(out, pointer, spec);
            return;
        }
        KernelFormat.widen(out, Integer.toString(pointer).getBytes(StandardCharsets.ISO_8859_1), spec);
    }

    /** check_pointer(): prints the marker and answers true for a pointer that must not be read. */
    private static boolean problem(KernelFormat.Output out, int pointer, FormatSpec spec) {
        String problem = KernelFormat.pointerProblem(pointer);
        if (problem == null) return false;
        KernelFormat.errorString(out, problem, spec);
        return true;
    }
}
