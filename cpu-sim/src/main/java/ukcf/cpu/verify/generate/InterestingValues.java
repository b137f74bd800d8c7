package ukcf.cpu.verify.generate;

import java.util.SplittableRandom;

/**
 * Values that sit on the edges where arithmetic goes wrong: zero, one, all ones, sign boundaries, shift counts
 * and the special floating-point encodings. Generators mix them with uniformly random values.
 */
final class InterestingValues {
    private InterestingValues() { }

    static final int[] INTEGERS = {0, 1, 2, -1, -2, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000,
            0x7FFFFFFF, 0x80000000, 0x80000001, 0x7FFFFFFE, 0xFFFFFF80, 0xFFFF8000, 0x55555555, 0xAAAAAAAA};
    static final int[] COUNTS = {0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 255};

    static final int[] FLOAT32 = {0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x7F800000, 0xFF800000,
            0x7FC00000, 0xFFC00000, 0x7F800001, 0x7FA00000, 0x00000001, 0x807FFFFF, 0x00800000, 0x7F7FFFFF,
            0x4F000000, 0xCF000000, 0x3F000000, 0x40490FDB, 0x4B000000};
    static final long[] FLOAT64 = {0L, 0x8000000000000000L, 0x3FF0000000000000L, 0xBFF0000000000000L,
            0x7FF0000000000000L, 0xFFF0000000000000L, 0x7FF8000000000000L, 0x7FF0000000000001L,
            0x7FF4000000000000L, 0x0000000000000001L, 0x800FFFFFFFFFFFFFL, 0x0010000000000000L,
            0x7FEFFFFFFFFFFFFFL, 0x41E0000000000000L, 0xC1E0000000000000L, 0x3FE0000000000000L,
            0x400921FB54442D18L, 0x4330000000000000L, 0x41DFFFFFFFC00000L};

    static int integer(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> INTEGERS[random.nextInt(INTEGERS.length)];
            case 1 -> INTEGERS[random.nextInt(INTEGERS.length)] + random.nextInt(-2, 3);
            case 2 -> random.nextInt(-300, 300);
            default -> random.nextInt();
        };
    }

    static int count(SplittableRandom random) {
        return random.nextInt(3) == 0 ? random.nextInt(256) : COUNTS[random.nextInt(COUNTS.length)];
    }

    static int float32(SplittableRandom random) {
        return random.nextInt(3) == 0 ? random.nextInt() : FLOAT32[random.nextInt(FLOAT32.length)];
    }

    static long float64(SplittableRandom random) {
        return random.nextInt(3) == 0 ? random.nextLong() : FLOAT64[random.nextInt(FLOAT64.length)];
    }

    /** An 80-bit value as sign/exponent (low 16 bits of the first element) and significand. */
    static long[] extended(SplittableRandom random) {
        long sign = random.nextBoolean() ? 0x8000 : 0;
        long explicitOne = Long.MIN_VALUE;
        return switch (random.nextInt(12)) {
            case 0 -> new long[] {sign, 0};                                               // zero
            case 1 -> new long[] {sign | 0x3FFF, explicitOne};                           // 1.0
            case 2 -> new long[] {sign, random.nextLong() >>> 1};                        // denormal
            case 3 -> new long[] {sign | 0x7FFF, explicitOne};                           // infinity
            case 4 -> new long[] {sign | 0x7FFF, 0xC000000000000000L | random.nextLong() >>> 3};  // QNaN
            case 5 -> new long[] {sign | 0x7FFF, explicitOne | 1L << random.nextInt(62)};         // SNaN
            case 6 -> new long[] {sign | 0x0001, explicitOne};                           // smallest normal
            case 7 -> new long[] {sign | 0x7FFE, -1L};                                   // largest normal
            case 8 -> new long[] {sign | (0x3FFF + random.nextInt(-70, 70)), explicitOne | random.nextLong() >>> 1};
            case 9 -> new long[] {sign | (0x3FFF + random.nextInt(0, 64)), explicitOne};   // integers, powers of two
            case 10 -> new long[] {sign | 0x4000, 0xC90FDAA22168C235L};                  // pi
            default -> new long[] {sign | random.nextInt(1, 0x7FFF), explicitOne | random.nextLong() >>> 1};
        };
    }
}
