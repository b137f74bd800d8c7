package ukcf.cpu.memory;

/** A run of consecutive mapped pages with one protection, as a line of {@code /proc/self/maps} shows it. */
public record MappedRange(int start, long length, int protection) {
    /** The first address past the range, unsigned (up to 2^32). */
    public long end() {
        return Integer.toUnsignedLong(start) + length;
    }

    @Override
    public String toString() {
        return String.format("%08x-%08x %s", start, end(), Protection.describe(protection));
    }
}
