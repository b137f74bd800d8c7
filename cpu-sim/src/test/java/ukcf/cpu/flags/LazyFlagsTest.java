package ukcf.cpu.flags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import ukcf.cpu.semantics.Arith;
import ukcf.cpu.semantics.Logic;

/**
 * The lazy flags against the flags computed from first principles (wide arithmetic, bit counting), for every
 * pair of 8-bit operands and for random 16- and 32-bit ones; and every Jcc condition, whichever path
 * (direct after CMP, or through the materialized word) computes it.
 */
class LazyFlagsTest {
    private static final int[] SIZES = {1, 2, 4};

    /** Flags of {@code a op b (+/- carry)} computed on unbounded integers. */
    private static int reference(long a, long b, int carryIn, boolean subtract, int size) {
        int bits = size * 8;
        long mask = (1L << bits) - 1;
        long sa = a >= 1L << (bits - 1) ? a - (1L << bits) : a;
        long sb = b >= 1L << (bits - 1) ? b - (1L << bits) : b;
        long unsigned = subtract ? a - b - carryIn : a + b + carryIn;
        long signed = subtract ? sa - sb - carryIn : sa + sb + carryIn;
        long result = unsigned & mask;
        long nibble = subtract ? (a & 0xF) - (b & 0xF) - carryIn : (a & 0xF) + (b & 0xF) + carryIn;
        int flags = 0;
        if (unsigned < 0 || unsigned > mask) flags |= Eflags.CF;
        if (signed < -(1L << (bits - 1)) || signed >= 1L << (bits - 1)) flags |= Eflags.OF;
        if (nibble < 0 || nibble > 0xF) flags |= Eflags.AF;
        if (result == 0) flags |= Eflags.ZF;
        if ((result >> (bits - 1)) != 0) flags |= Eflags.SF;
        if (Long.bitCount(result & 0xFF) % 2 == 0) flags |= Eflags.PF;
        return flags;
    }

    private static boolean referenceCondition(int flags, int cc) {
        boolean cf = (flags & Eflags.CF) != 0, zf = (flags & Eflags.ZF) != 0, sf = (flags & Eflags.SF) != 0;
        boolean of = (flags & Eflags.OF) != 0, pf = (flags & Eflags.PF) != 0;
        boolean[] positive = {of, cf, zf, cf || zf, sf, pf, sf != of, zf || sf != of};
        return positive[cc >> 1] ^ ((cc & 1) != 0);
    }

    private static void check(LazyFlags f, int expected, String what) {
        assertEquals(expected, f.get() & Eflags.STATUS, what);
        assertEquals((expected & Eflags.CF) != 0, f.carry(), what + " carry()");
        assertEquals((expected & Eflags.ZF) != 0, f.zero(), what + " zero()");
        assertEquals((expected & Eflags.SF) != 0, f.sign(), what + " sign()");
        assertEquals((expected & Eflags.OF) != 0, f.overflow(), what + " overflow()");
        for (int cc = 0; cc < 16; cc++) assertEquals(referenceCondition(expected, cc), f.condition(cc), what + " cc " + cc);
    }

    private static void checkPair(int a, int b, int size) {
        LazyFlags f = new LazyFlags();
        for (int carry = 0; carry < 2; carry++) {
            String operands = String.format("size %d a=%x b=%x c=%d", size, a, b, carry);
            f.setCarry(carry != 0);
            Arith.adc(f, a, b, size);
            check(f, reference(a & 0xFFFFFFFFL, b & 0xFFFFFFFFL, carry, false, size), "adc " + operands);
            f.setCarry(carry != 0);
            Arith.sbb(f, a, b, size);
            check(f, reference(a & 0xFFFFFFFFL, b & 0xFFFFFFFFL, carry, true, size), "sbb " + operands);
        }
        Arith.add(f, a, b, size);
        check(f, reference(a & 0xFFFFFFFFL, b & 0xFFFFFFFFL, 0, false, size), "add");
        Arith.sub(f, a, b, size);
        check(f, reference(a & 0xFFFFFFFFL, b & 0xFFFFFFFFL, 0, true, size), "sub " + a + " " + b);
    }

    @Test
    void addAndSubtractMatchWideArithmeticForEveryByteAndRandomWords() {
        for (int a = 0; a < 256; a++) for (int b = 0; b < 256; b++) checkPair(a, b, 1);
        Random random = new Random(1);
        int[] edges = {0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF};
        for (int size : new int[] {2, 4}) {
            int mask = Width.mask(size);
            for (int a : edges) for (int b : edges) checkPair(a & mask, b & mask, size);
            for (int i = 0; i < 20_000; i++) checkPair(random.nextInt() & mask, random.nextInt() & mask, size);
        }
    }

    @Test
    void incrementDecrementAndNegateKeepOrComputeCarryAsTheSdmSays() {
        LazyFlags f = new LazyFlags();
        for (int size : SIZES) {
            int mask = Width.mask(size);
            for (int v : new int[] {0, 1, 0xF, 0x10, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, 0x80000000, -1}) {
                v &= mask;
                for (int carry = 0; carry < 2; carry++) {
                    f.setCarry(carry != 0);
                    Arith.inc(f, v, size);
                    int expected = reference(v & 0xFFFFFFFFL, 1, 0, false, size) & ~Eflags.CF | carry;
                    check(f, expected, "inc " + Integer.toHexString(v));
                    f.setCarry(carry != 0);
                    Arith.dec(f, v, size);
                    expected = reference(v & 0xFFFFFFFFL, 1, 0, true, size) & ~Eflags.CF | carry;
                    check(f, expected, "dec " + Integer.toHexString(v));
                }
                Arith.neg(f, v, size);
                check(f, reference(0, v & 0xFFFFFFFFL, 0, true, size), "neg " + Integer.toHexString(v));
            }
        }
    }

    @Test
    void logicClearsCarryAndOverflowAndKeepsControlBits() {
        LazyFlags f = new LazyFlags();
        f.set(0xFFFFFFFF);
        Logic.xor(f, 0x80, 0x00, 1);
        assertEquals(Eflags.SF, f.get() & (Eflags.STATUS & ~Eflags.AF));
        int control = f.get() & ~Eflags.STATUS;
        assertEquals(LazyFlags.DEFINED_BITS & ~Eflags.STATUS, control, "control bits survive, reserved bits read 0");
        assertTrue(f.direction());
    }

    @Test
    void setStatusReplacesOnlyTheNamedFlags() {
        LazyFlags f = new LazyFlags();
        Arith.sub(f, 1, 2, 4);   // CF SF AF PF set
        int before = f.get();
        f.setStatus(Eflags.ZF | Eflags.CF, Eflags.ZF);
        assertEquals((before & ~Eflags.CF) | Eflags.ZF, f.get());
    }

    @Test
    void loadingEflagsKeepsBitOneAndDropsReservedBits() {
        LazyFlags f = new LazyFlags();
        f.set(0);
        assertEquals(Eflags.FIXED_1, f.get());
        f.set(0xFFC0_8028);   // reserved bits 3, 5, 15, 22-31
        assertEquals(Eflags.FIXED_1, f.get());
    }
}
