package ukcf.cpu.semantics.sse;

/**
 * A 128-bit XMM value as two little-endian 64-bit halves. Immutable, so that handlers are pure functions from
 * source values to a result and a fault can be raised before anything is written.
 */
public record Xmm(long lo, long hi) {
    public static final Xmm ZERO = new Xmm(0, 0);

    /** Unsigned 32-bit element {@code i} (0..3). */
    public int dword(int i) {
        long half = i < 2 ? lo : hi;
        return (int) (half >>> ((i & 1) * 32));
    }

    public static Xmm ofDwords(int d0, int d1, int d2, int d3) {
        return new Xmm(pair(d0, d1), pair(d2, d3));
    }

    public Xmm withDword(int i, int value) {
        int shift = (i & 1) * 32;
        long mask = 0xFFFF_FFFFL << shift;
        long bits = (value & 0xFFFF_FFFFL) << shift;
        return i < 2 ? new Xmm((lo & ~mask) | bits, hi) : new Xmm(lo, (hi & ~mask) | bits);
    }

    public Xmm withLo(long value) { return new Xmm(value, hi); }

    public Xmm withHi(long value) { return new Xmm(lo, value); }

    /** 64-bit element {@code i} (0..1). */
    public long qword(int i) { return i == 0 ? lo : hi; }

    static long pair(int low, int high) { return (low & 0xFFFF_FFFFL) | ((long) high << 32); }

    @Override
    public String toString() { return String.format("%016x%016x", hi, lo); }
}
