package ukcf.cpu.semantics.sse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import ukcf.cpu.interp.HandlerTable;

/**
 * RCPSS/RCPPS and RSQRTSS/RSQRTPS: approximate reciprocal and reciprocal square root. The SDM only bounds their
 * relative error (|error| <= 1.5 * 2^-12) and every vendor uses its own tables, so no emulator is bit-exact with
 * every host. We reproduce the reference machine (AMD EPYC, where cpu-diff runs): there the result depends only
 * on the top 12 fraction bits of the input and, for the square root, the parity of its exponent, so three
 * 4096-entry tables measured natively ({@code reciprocal-approximations.txt}, made by
 * {@code src/test/native/approximation-tables.c}) give it bit for bit. On other hosts the results stay within the
 * SDM bound, and comparisons should treat these instructions as approximate ({@link #OPERATIONS}).
 *
 * <p>They raise no exceptions and ignore MXCSR; denormal inputs count as zero and results below the normal range
 * are flushed to zero, as hardware does.
 */
public final class Approximations {
    private Approximations() { }

    /** The operation keys whose results are only bounded by the SDM, not defined bit for bit. */
    public static final Set<String> OPERATIONS = Set.of("RCPSS", "RCPPS", "RSQRTSS", "RSQRTPS");

    /** Relative error bound of every element result (SDM vol. 2, RCPSS). */
    public static final double RELATIVE_ERROR_BOUND = 1.5 / 4096;

    private static final int SIGN = 0x8000_0000, EXPONENT = 0x7F80_0000, FRACTION = 0x007F_FFFF, QUIET = 0x0040_0000;
    private static final int INFINITY = 0x7F80_0000, DEFAULT_NAN = 0xFFC0_0000;
    private static final int EXPONENT_SHIFT = 23, BIAS = 127, TABLE_INDEX_SHIFT = 11, TABLE_SIZE = 4096;

    /** Results for inputs 1.f (exponent 0) and, for the square root, 2 * 1.f (exponent 1), by top fraction bits. */
    private static final int[] RECIPROCAL = new int[TABLE_SIZE];
    private static final int[] RECIPROCAL_SQRT_EVEN = new int[TABLE_SIZE];
    private static final int[] RECIPROCAL_SQRT_ODD = new int[TABLE_SIZE];

    static {
        String resource = "/ukcf/cpu/semantics/sse/reciprocal-approximations.txt";
        try (InputStream in = Approximations.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                int index = Integer.parseInt(f[0], 16);
                RECIPROCAL[index] = Integer.parseUnsignedInt(f[1], 16);
                RECIPROCAL_SQRT_EVEN[index] = Integer.parseUnsignedInt(f[2], 16);
                RECIPROCAL_SQRT_ODD[index] = Integer.parseUnsignedInt(f[3], 16);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int reciprocal(int x) {
        if (isNaN(x)) return x | QUIET;
        if ((x & EXPONENT) == 0) return (x & SIGN) | INFINITY;            // zero or denormal
        if ((x & ~SIGN) == INFINITY) return x & SIGN;
        int exponent = unbiasedExponent(x);
        return (x & SIGN) | scale(RECIPROCAL[tableIndex(x)], -exponent);
    }

    static int reciprocalSquareRoot(int x) {
        if (isNaN(x)) return x | QUIET;
        if ((x & EXPONENT) == 0) return (x & SIGN) | INFINITY;            // zero or denormal
        if ((x & SIGN) != 0) return DEFAULT_NAN;
        if (x == INFINITY) return 0;
        int exponent = unbiasedExponent(x);
        int[] table = (exponent & 1) == 0 ? RECIPROCAL_SQRT_EVEN : RECIPROCAL_SQRT_ODD;
        return scale(table[tableIndex(x)], -Math.floorDiv(exponent, 2));
    }

    private static int unbiasedExponent(int x) { return ((x & EXPONENT) >>> EXPONENT_SHIFT) - BIAS; }

    private static int tableIndex(int x) { return (x & FRACTION) >>> TABLE_INDEX_SHIFT; }

    /** A positive normal table value times 2^power, flushed to zero below the normal range. */
    private static int scale(int value, int power) {
        int biased = ((value & EXPONENT) >>> EXPONENT_SHIFT) + power;
        if (biased <= 0) return 0;
        return (biased << EXPONENT_SHIFT) | (value & FRACTION);
    }

    private static boolean isNaN(int x) { return (x & EXPONENT) == EXPONENT && (x & FRACTION) != 0; }

    public static void register(HandlerTable table) {
        register(table, "RCP", Approximations::reciprocal);
        register(table, "RSQRT", Approximations::reciprocalSquareRoot);
    }

    private static void register(HandlerTable table, String stem, IntUnaryOperator op) {
        table.register(stem + "SS", (cpu, insn) -> {
            Xmm d = XmmOperands.read(cpu, insn.operand(0)), s = XmmOperands.read(cpu, insn.operand(1));
            XmmOperands.write(cpu, insn.operand(0), d.withDword(0, op.applyAsInt(s.dword(0))));
        });
        table.register(stem + "PS", (cpu, insn) -> {
            Xmm s = XmmOperands.read(cpu, insn.operand(1));
            XmmOperands.write(cpu, insn.operand(0), Lanes.build(32, i -> op.applyAsInt(s.dword(i))));
        });
    }
}
