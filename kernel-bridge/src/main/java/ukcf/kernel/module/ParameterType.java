package ukcf.kernel.module;

import java.math.BigInteger;

/**
 * The module-parameter types of Linux's kernel/params.c, each named by the host-kernel {@code kernel_param_ops}
 * export a {@code struct kernel_param} points at: the loader recognises a parameter's type by the address its ops
 * pointer was relocated to. Integer parsing follows kstrtoX with base 0 (0x hex, leading-0 octal), rejecting values
 * out of the type's range as Linux does.
 */
public enum ParameterType {
    BYTE("param_ops_byte", 1, false), SHORT("param_ops_short", 2, true), USHORT("param_ops_ushort", 2, false),
    INT("param_ops_int", 4, true), UINT("param_ops_uint", 4, false), LONG("param_ops_long", 4, true),
    ULONG("param_ops_ulong", 4, false), ULLONG("param_ops_ullong", 8, false), HEXINT("param_ops_hexint", 4, false),
    BOOL("param_ops_bool", 1, false), INVBOOL("param_ops_invbool", 1, false), BINT("param_ops_bint", 4, true),
    CHARP("param_ops_charp", 4, false), STRING("param_ops_string", 0, false), ARRAY("param_array_ops", 0, false),
    /** module_param_cb with the module's own kernel_param_ops: its set function is guest code. */
    CUSTOM(null, 0, false);

    private final String opsSymbol;
    private final int size;
    private final boolean signed;

    ParameterType(String opsSymbol, int size, boolean signed) {
        this.opsSymbol = opsSymbol;
        this.size = size;
        this.signed = signed;
    }

    /** The host-kernel export whose address identifies this type (null for {@link #CUSTOM}). */
    public String opsSymbol() { return opsSymbol; }

    /** Bytes the parameter's variable has (0 when it is described by a further struct). */
    public int size() { return size; }

    /**
     * What reading /sys/module/NAME/parameters/P gives (the param_get_* functions: the value and a newline), or
     * null where the bridge does not render it (arrays, a module's own ops). {@code argument} is the variable, or
     * the kparam_string for {@link #STRING}.
     */
    public String format(ukcf.cpu.memory.Memory m, int argument, ukcf.kernel.abi.KernelAbi abi) {
        String value = switch (this) {
            case BOOL -> m.read8(argument) != 0 ? "Y" : "N";
            case INVBOOL -> m.read8(argument) != 0 ? "N" : "Y";
            case BINT -> Integer.toString(m.read32(argument));
            case CHARP -> cString(m, m.read32(argument));
            case STRING -> cString(m, m.read32(argument + abi.struct("kparam_string").offset("string")));
            case HEXINT -> String.format("%#08x", m.read32(argument));
            case ARRAY, CUSTOM -> null;
            default -> integer(m, argument);
        };
        return value == null ? null : value + "\n";
    }

    private String integer(ukcf.cpu.memory.Memory m, int argument) {
        long raw = switch (size) {
            case 1 -> m.read8(argument);
            case 2 -> m.read16(argument);
            case 4 -> Integer.toUnsignedLong(m.read32(argument));
            default -> m.read64(argument);
        };
        if (signed) return Long.toString(size == 8 ? raw : raw << (64 - 8 * size) >> (64 - 8 * size));
        return size == 8 ? Long.toUnsignedString(raw) : Long.toString(raw);
    }

    private static String cString(ukcf.cpu.memory.Memory m, int address) {
        return address == 0 ? "(null)" : ukcf.kernel.memory.KernelStrings.read(m, address, 1024);
    }

    boolean isInteger() {
        return this != BOOL && this != INVBOOL && this != BINT && this != CHARP && this != STRING && this != ARRAY
                && this != CUSTOM;
    }

    boolean isBoolean() {
        return this == BOOL || this == INVBOOL || this == BINT;
    }

    /**
     * The bytes an integer or boolean parameter's variable gets for {@code text} (null: a bare {@code name}), or
     * null if the text is invalid for the type. bint stores a bool as an int; invbool stores the negation.
     */
    byte[] encodeScalar(String text) {
        if (!isBoolean()) return parseInteger(text);
        Boolean value = parseBoolean(text);
        if (value == null) return null;
        byte[] bytes = new byte[size];
        bytes[0] = (byte) ((this == INVBOOL ? !value : value) ? 1 : 0);
        return bytes;
    }

    /** The little-endian bytes of integer {@code text}, or null if it does not parse or is out of range. */
    byte[] parseInteger(String text) {
        BigInteger value = parseKstrto(text, this == HEXINT ? 16 : 0);
        if (value == null) return null;
        BigInteger min = signed ? BigInteger.ONE.shiftLeft(size * 8 - 1).negate() : BigInteger.ZERO;
        BigInteger max = signed ? BigInteger.ONE.shiftLeft(size * 8 - 1).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(size * 8).subtract(BigInteger.ONE);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) return null;
        byte[] out = new byte[size];
        long bits = value.longValue();
        for (int i = 0; i < size; i++) out[i] = (byte) (bits >>> (8 * i));
        return out;
    }

    /** kstrtobool: y/Y/1/on mean true, n/N/0/off false; null if neither. A bare {@code name} means true. */
    static Boolean parseBoolean(String text) {
        if (text == null) return true;
        if (text.isEmpty()) return null;
        char c = text.charAt(0);
        if (c == 'y' || c == 'Y' || c == '1') return true;
        if (c == 'n' || c == 'N' || c == '0') return false;
        if ((c == 'o' || c == 'O') && text.length() > 1) {
            char d = text.charAt(1);
            if (d == 'n' || d == 'N') return true;
            if (d == 'f' || d == 'F') return false;
        }
        return null;
    }

    /** kstrtoull-style parse: optional sign, base prefixes when {@code base} is 0, one trailing newline allowed. */
    private static BigInteger parseKstrto(String text, int base) {
        if (text == null) return null;
        String s = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) s = s.substring(1);
        int radix = base == 0 ? 10 : base;
        if ((base == 0 || base == 16) && (s.startsWith("0x") || s.startsWith("0X"))) {
            radix = 16;
            s = s.substring(2);
        } else if (base == 0 && s.length() > 1 && s.startsWith("0")) {
            radix = 8;
            s = s.substring(1);
        }
        if (s.isEmpty()) return null;
        try {
            BigInteger value = new BigInteger(s, radix);
            return negative ? value.negate() : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
