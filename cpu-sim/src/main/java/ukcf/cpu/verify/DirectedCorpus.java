package ukcf.cpu.verify;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import ukcf.cpu.flags.Eflags;
import ukcf.cpu.state.FxsaveImage;
import ukcf.cpu.verify.nativeharness.HarnessLayout;

/**
 * The directed corpus: cases written by hand (flag edge cases, shift counts, #DE, rounding modes, special
 * floating-point operands), stored as {@code source \t hex bytes \t overrides \t statements} lines generated
 * from {@code edge-cases.txt}. Overrides adjust a fixed default state; see the header of edge-cases.txt.
 */
public final class DirectedCorpus {
    private DirectedCorpus() { }

    public static final int DEFAULT_EBX = HarnessLayout.DATA_BASE + 0x800, DEFAULT_ESI = HarnessLayout.DATA_BASE + 0x400,
            DEFAULT_EDI = HarnessLayout.DATA_BASE + 0xC00, DEFAULT_EBP = HarnessLayout.STACK_BASE + 0xA00;
    private static final String[] GPR_NAMES = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
    private static final String[] FLAG_NAMES = {"CF", "PF", "AF", "ZF", "SF", "DF", "OF"};
    private static final int[] FLAG_BITS = {Eflags.CF, Eflags.PF, Eflags.AF, Eflags.ZF, Eflags.SF, Eflags.DF, Eflags.OF};

    /** Parses corpus lines (comments and blank lines skipped). */
    public static List<TestCase> parse(List<String> lines) {
        List<TestCase> cases = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] columns = line.split("\t", -1);
            if (columns.length < 3) throw new IllegalArgumentException("malformed corpus line: " + line);
            cases.add(build(columns[0], HexFormat.of().parseHex(columns[1]), columns[2]));
        }
        return cases;
    }

    /** A case from its bytes and overrides. */
    public static TestCase build(String id, byte[] code, String overrides) {
        int[] gpr = new int[8];
        gpr[4] = InitialState.INITIAL_ESP;
        gpr[3] = DEFAULT_EBX;
        gpr[5] = DEFAULT_EBP;
        gpr[6] = DEFAULT_ESI;
        gpr[7] = DEFAULT_EDI;
        int flags = Eflags.FIXED_1;
        byte[] fx = InitialState.resetFxsaveImage();
        byte[] data = pattern(HarnessLayout.DATA_SIZE, 37, 11);
        byte[] stack = pattern(HarnessLayout.STACK_SIZE, 59, 3);
        for (String override : overrides.trim().split("\\s+")) {
            if (override.isEmpty()) continue;
            int eq = override.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException(id + ": override without '=': " + override);
            String key = override.substring(0, eq), value = override.substring(eq + 1);
            int gprIndex = List.of(GPR_NAMES).indexOf(key);
            if (gprIndex >= 0) {
                gpr[gprIndex] = parseInt(value);
            } else if (key.equals("flags")) {
                for (String name : value.split("\\+")) {
                    int i = List.of(FLAG_NAMES).indexOf(name);
                    if (i < 0) throw new IllegalArgumentException(id + ": unknown flag " + name);
                    flags |= FLAG_BITS[i];
                }
            } else if (key.equals("fcw")) {
                FxsaveImage.put16(fx, FxsaveImage.FCW, parseInt(value));
            } else if (key.equals("mxcsr")) {
                FxsaveImage.put32(fx, FxsaveImage.MXCSR, parseInt(value));
            } else if (key.equals("st")) {
                loadStack(fx, value.split(","));
            } else if (key.matches("xmm[0-7]")) {
                loadXmm(fx, key.charAt(3) - '0', value);
            } else if (key.matches("m(32|64)@.+")) {
                int offset = parseInt(key.substring(key.indexOf('@') + 1));
                long v = Long.parseUnsignedLong(value.replaceFirst("^0x", ""), value.startsWith("0x") ? 16 : 10);
                int size = key.startsWith("m32") ? 4 : 8;
                for (int b = 0; b < size; b++) data[offset + b] = (byte) (v >>> (8 * b));
            } else {
                throw new IllegalArgumentException(id + ": unknown override " + key);
            }
        }
        return new TestCase(id, code, gpr, flags, fx, data, stack);
    }

    private static byte[] pattern(int size, int multiplier, int offset) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) b[i] = (byte) (i * multiplier + offset);
        return b;
    }

    private static int parseInt(String text) {
        boolean negative = text.startsWith("-");
        String digits = negative ? text.substring(1) : text;
        long v = digits.startsWith("0x") ? Long.parseLong(digits.substring(2), 16) : Long.parseLong(digits);
        return (int) (negative ? -v : v);
    }

    /** ST0 = values[0], ...: TOP so that exactly these registers are valid. */
    private static void loadStack(byte[] fx, String[] values) {
        int n = values.length, top = (8 - n) & 7, tags = 0;
        for (int i = 0; i < n; i++) {
            long[] v = extended(values[i].trim());
            int at = FxsaveImage.ST0 + FxsaveImage.ST_STRIDE * i;
            FxsaveImage.put64(fx, at, v[1]);
            FxsaveImage.put16(fx, at + 8, (int) v[0]);
            tags |= 1 << ((top + i) & 7);
        }
        FxsaveImage.put16(fx, FxsaveImage.FSW, top << 11);
        fx[FxsaveImage.FTW] = (byte) tags;
    }

    /** An 80-bit value as {sign|exponent, significand}. */
    static long[] extended(String text) {
        boolean negative = text.startsWith("-");
        String magnitude = negative ? text.substring(1) : text;
        long sign = negative ? 0x8000 : 0;
        if (magnitude.contains(":")) {
            String[] parts = magnitude.split(":");
            return new long[] {sign | Long.parseLong(parts[0], 16), Long.parseUnsignedLong(parts[1], 16)};
        }
        return switch (magnitude) {
            case "inf" -> new long[] {sign | 0x7FFF, Long.MIN_VALUE};
            case "nan" -> new long[] {sign | 0x7FFF, 0xC000000000000000L};
            case "snan" -> new long[] {sign | 0x7FFF, 0xA000000000000000L};
            case "denorm" -> new long[] {sign, 0x4000000000000000L};
            case "max" -> new long[] {sign | 0x7FFE, -1L};
            case "min" -> new long[] {sign | 0x0001, Long.MIN_VALUE};
            default -> fromDouble(Double.parseDouble(text));
        };
    }

    private static long[] fromDouble(double d) {
        long bits = Double.doubleToRawLongBits(d);
        long sign = bits < 0 ? 0x8000 : 0;
        int exponent = (int) (bits >>> 52) & 0x7FF;
        long fraction = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0 && fraction == 0) return new long[] {sign, 0};
        if (exponent == 0) {
            int shift = Long.numberOfLeadingZeros(fraction);
            return new long[] {sign | (16383 + 63 - 1074 - shift), fraction << shift};
        }
        return new long[] {sign | (exponent - 1023 + 16383), Long.MIN_VALUE | fraction << 11};
    }

    private static void loadXmm(byte[] fx, int register, String value) {
        int at = FxsaveImage.XMM0 + FxsaveImage.XMM_STRIDE * register;
        String[] kind = value.split(":", 2);
        switch (kind[0]) {
            case "f32" -> {
                String[] lanes = kind[1].split(",");
                for (int i = 0; i < lanes.length; i++) FxsaveImage.put32(fx, at + 4 * i, float32(lanes[i]));
            }
            case "f64" -> {
                String[] lanes = kind[1].split(",");
                for (int i = 0; i < lanes.length; i++) FxsaveImage.put64(fx, at + 8 * i, float64(lanes[i]));
            }
            case "hex" -> {
                String[] halves = kind[1].split(":");
                FxsaveImage.put64(fx, at + 8, Long.parseUnsignedLong(halves[0], 16));
                FxsaveImage.put64(fx, at, Long.parseUnsignedLong(halves[1], 16));
            }
            default -> throw new IllegalArgumentException("unknown xmm value " + value);
        }
    }

    private static int float32(String text) {
        boolean negative = text.startsWith("-");
        int sign = negative ? 0x80000000 : 0;
        return switch (negative ? text.substring(1) : text) {
            case "inf" -> sign | 0x7F800000;
            case "nan" -> sign | 0x7FC00000;
            case "snan" -> sign | 0x7FA00000;
            case "denorm" -> sign | 0x00000001;
            case "max" -> sign | 0x7F7FFFFF;
            case "min" -> sign | 0x00800000;
            default -> Float.floatToRawIntBits(Float.parseFloat(text));
        };
    }

    private static long float64(String text) {
        boolean negative = text.startsWith("-");
        long sign = negative ? Long.MIN_VALUE : 0;
        return switch (negative ? text.substring(1) : text) {
            case "inf" -> sign | 0x7FF0000000000000L;
            case "nan" -> sign | 0x7FF8000000000000L;
            case "snan" -> sign | 0x7FF4000000000000L;
            case "denorm" -> sign | 1L;
            case "max" -> sign | 0x7FEFFFFFFFFFFFFFL;
            case "min" -> sign | 0x0010000000000000L;
            default -> Double.doubleToRawLongBits(Double.parseDouble(text));
        };
    }
}
