package ukcf.cpu.semantics.sse;

import java.util.Set;
import java.util.function.IntUnaryOperator;
import ukcf.cpu.interp.HandlerTable;

/**
 * RCPSS/RCPPS and RSQRTSS/RSQRTPS: approximate reciprocal and reciprocal square root. The SDM only bounds their
 * relative error (|error| <= 1.5 * 2^-12) and Intel and AMD use different tables, so no emulator is bit-exact
 * with every host; we return the correctly rounded binary32 value, which is within the bound, and the
 * differential tester excludes these instructions from bit-exact comparison. They raise no exceptions and
 * ignore MXCSR except that denormal inputs count as zero and results below the normal range are flushed to
 * zero, as hardware does.
 */
public final class Approximations {
    private Approximations() { }

    /** The operation keys whose results are only bounded, not defined bit for bit. */
    public static final Set<String> OPERATIONS = Set.of("RCPSS", "RCPPS", "RSQRTSS", "RSQRTPS");

    /** Relative error bound of every element result (SDM vol. 2, RCPSS). */
    public static final double RELATIVE_ERROR_BOUND = 1.5 / 4096;

    private static final int SIGN = 0x8000_0000, EXPONENT = 0x7F80_0000, QUIET = 0x0040_0000;
    private static final int INFINITY = 0x7F80_0000, DEFAULT_NAN = 0xFFC0_0000;

    static int reciprocal(int x) {
        if (isNaN(x)) return x | QUIET;
        if ((x & EXPONENT) == 0) return (x & SIGN) | INFINITY;            // zero or denormal
        return flushDenormal(Float.floatToRawIntBits((float) (1.0 / Float.intBitsToFloat(x))));
    }

    static int reciprocalSquareRoot(int x) {
        if (isNaN(x)) return x | QUIET;
        if ((x & EXPONENT) == 0) return (x & SIGN) | INFINITY;            // zero or denormal
        if ((x & SIGN) != 0) return DEFAULT_NAN;
        return Float.floatToRawIntBits((float) (1.0 / Math.sqrt(Float.intBitsToFloat(x))));
    }

    private static boolean isNaN(int x) { return (x & EXPONENT) == EXPONENT && (x & 0x007F_FFFF) != 0; }

    private static int flushDenormal(int x) { return (x & EXPONENT) == 0 ? x & SIGN : x; }

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
