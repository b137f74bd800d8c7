package ukcf.cpu.semantics.sse;

import java.util.function.IntToLongFunction;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * Element-wise views of a 128-bit value. Lanes are numbered from the least significant; lane values are passed
 * to operators zero-extended and results are truncated to the lane width, so operators write plain arithmetic.
 */
public final class Lanes {
    private Lanes() { }

    public static long mask(int bits) { return bits == 64 ? -1L : (1L << bits) - 1; }

    /** Lane {@code i} of width {@code bits} (8, 16, 32 or 64), zero-extended. */
    public static long get(Xmm v, int bits, int i) {
        int perHalf = 64 / bits;
        long half = i < perHalf ? v.lo() : v.hi();
        return (half >>> ((i % perHalf) * bits)) & mask(bits);
    }

    /** Assembles a value from lane results {@code lane(i)} for i = 0 .. 128/bits - 1. */
    public static Xmm build(int bits, IntToLongFunction lane) {
        int perHalf = 64 / bits;
        long lo = 0, hi = 0;
        for (int i = 0; i < perHalf; i++) {
            lo |= (lane.applyAsLong(i) & mask(bits)) << (i * bits);
            hi |= (lane.applyAsLong(i + perHalf) & mask(bits)) << (i * bits);
        }
        return new Xmm(lo, hi);
    }

    public static Xmm map(Xmm a, int bits, LongUnaryOperator op) {
        return build(bits, i -> op.applyAsLong(get(a, bits, i)));
    }

    public static Xmm map(Xmm a, Xmm b, int bits, LongBinaryOperator op) {
        return build(bits, i -> op.applyAsLong(get(a, bits, i), get(b, bits, i)));
    }

    /** Sign-extends the low {@code bits} of {@code lane}. */
    public static long signed(long lane, int bits) { return (lane << (64 - bits)) >> (64 - bits); }

    public static long saturateSigned(long value, int bits) {
        long max = (1L << (bits - 1)) - 1, min = -(1L << (bits - 1));
        return Math.max(min, Math.min(max, value));
    }

    public static long saturateUnsigned(long value, int bits) {
        return Math.max(0, Math.min(mask(bits), value));
    }

    /** All ones in a lane when {@code condition} holds, as the compare instructions produce. */
    public static long allOnesIf(boolean condition) { return condition ? -1L : 0L; }
}
