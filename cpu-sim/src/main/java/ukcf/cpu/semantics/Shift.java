package ukcf.cpu.semantics;

import static ukcf.cpu.flags.Eflags.CF;
import static ukcf.cpu.flags.Eflags.OF;

import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.Operand;
import ukcf.cpu.flags.LazyFlags;
import ukcf.cpu.flags.Width;
import ukcf.cpu.interp.HandlerTable;
import ukcf.cpu.interp.Operands;
import ukcf.cpu.interp.Shapes;

/**
 * Shifts and rotates, SHLD/SHRD (SDM vol. 2, SAL/SAR/SHL/SHR, RCL/RCR/ROL/ROR, SHLD, SHRD).
 *
 * <p>The count is masked to 5 bits; a masked count of 0 changes neither the operand nor any flag. OF is defined
 * only for a count of 1; for larger counts (undefined in the SDM) we produce what the native oracle's CPU reports, which
 * for left shifts and rotates is the count-1 formula and for right ones {@link #topBitsDiffer}.
 * Shifting an 8- or 16-bit operand by more than its width is computed on a wide value, so CF is the last bit
 * shifted out (0 once every bit has left), which is what hardware reports. A null flags object: see {@link Arith}.
 */
public final class Shift {
    private Shift() { }

    private static final int COUNT_MASK = 0x1F;

    @FunctionalInterface
    private interface ShiftOperation {
        int apply(LazyFlags flags, int value, int count, int size);
    }

    public static void register(HandlerTable table) {
        table.register("SHL", shiftHandler(Shift::shl));
        table.register("SHR", shiftHandler(Shift::shr));
        table.register("SAR", shiftHandler(Shift::sar));
        table.register("ROL", shiftHandler(Shift::rol));
        table.register("ROR", shiftHandler(Shift::ror));
        table.register("RCL", shiftHandler(Shift::rcl));
        table.register("RCR", shiftHandler(Shift::rcr));
        table.register("SHLD", (cpu, insn) -> doubleShift(cpu, insn, true));
        table.register("SHRD", (cpu, insn) -> doubleShift(cpu, insn, false));
    }

    private static ukcf.cpu.interp.InstructionHandler shiftHandler(ShiftOperation operation) {
        return (cpu, insn) -> {
            Operand destination = insn.operand(0);
            int size = Operands.sizeOf(insn, destination);
            int count = Operands.count(cpu, insn, 1);
            Shapes.readModifyWrite(cpu, destination, size, v -> operation.apply(cpu.state.flags, v, count, size));
        };
    }

    private static void doubleShift(Cpu cpu, Instruction insn, boolean left) {
        Operand destination = insn.operand(0);
        int size = Operands.sizeOf(insn, destination);
        int source = Operands.read(cpu, insn.operand(1), size);
        int count = Operands.count(cpu, insn, 2);
        Shapes.readModifyWrite(cpu, destination, size, v -> left
                ? shld(cpu.state.flags, v, source, count, size)
                : shrd(cpu.state.flags, v, source, count, size));
    }

    private static boolean msb(int value, int size) { return (value & Width.signBit(size)) != 0; }

    /**
     * OF of the right shifts and rotates: MSB XOR MSB-1 of the result. For a count of 1 this is the SDM's
     * definition (SHR: MSB of the original; RCR: MSB XOR CF before); for larger counts it is what the oracle CPU
     * oracle CPU reports in the flag the SDM leaves undefined.
     */
    private static boolean topBitsDiffer(int result, int size) {
        return msb(result, size) != ((result & (Width.signBit(size) >>> 1)) != 0);
    }

    public static int shl(LazyFlags f, int value, int count, int size) {
        count &= COUNT_MASK;
        if (count == 0) return value;
        long wide = (value & 0xFFFFFFFFL) << count;
        int result = (int) wide & Width.mask(size);
        boolean carry = ((wide >>> Width.bits(size)) & 1) != 0;
        if (f != null) f.afterShift(size, result, carry, msb(result, size) ^ carry);
        return result;
    }

    public static int shr(LazyFlags f, int value, int count, int size) {
        count &= COUNT_MASK;
        if (count == 0) return value;
        long wide = value & Width.mask(size) & 0xFFFFFFFFL;
        int result = (int) (wide >>> count);
        if (f != null) f.afterShift(size, result, ((wide >>> (count - 1)) & 1) != 0, topBitsDiffer(result, size));
        return result;
    }

    public static int sar(LazyFlags f, int value, int count, int size) {
        count &= COUNT_MASK;
        if (count == 0) return value;
        int signed = Width.signExtend(value, size);
        int result = (signed >> count) & Width.mask(size);
        if (f != null) f.afterShift(size, result, ((signed >> (count - 1)) & 1) != 0, false);
        return result;
    }

    public static int rol(LazyFlags f, int value, int count, int size) {
        count &= COUNT_MASK;
        if (count == 0) return value;
        int bits = Width.bits(size), rotation = count % bits;
        value &= Width.mask(size);
        int result = rotation == 0 ? value : ((value << rotation) | (value >>> (bits - rotation))) & Width.mask(size);
        boolean carry = (result & 1) != 0;
        rotateFlags(f, carry, msb(result, size) ^ carry);
        return result;
    }

    public static int ror(LazyFlags f, int value, int count, int size) {
        count &= COUNT_MASK;
        if (count == 0) return value;
        int bits = Width.bits(size), rotation = count % bits;
        value &= Width.mask(size);
        int result = rotation == 0 ? value : ((value >>> rotation) | (value << (bits - rotation))) & Width.mask(size);
        rotateFlags(f, msb(result, size), topBitsDiffer(result, size));
        return result;
    }

    /** RCL rotates the (size*8+1)-bit value CF:operand; the count is taken mod 9 or 17 for 8- and 16-bit. */
    public static int rcl(LazyFlags f, int value, int count, int size) {
        count &= COUNT_MASK;
        if (count == 0) return value;
        int bits = Width.bits(size), rotation = count % (bits + 1);
        long widthMask = (1L << (bits + 1)) - 1;
        long wide = (value & Width.mask(size) & 0xFFFFFFFFL) | (f.carry() ? 1L << bits : 0);
        long rotated = rotation == 0 ? wide : ((wide << rotation) | (wide >>> (bits + 1 - rotation))) & widthMask;
        int result = (int) rotated & Width.mask(size);
        boolean carry = ((rotated >>> bits) & 1) != 0;
        rotateFlags(f, carry, msb(result, size) ^ carry);
        return result;
    }

    /** RCR: the count is taken mod 9 or 17 for 8- and 16-bit, like RCL. */
    public static int rcr(LazyFlags f, int value, int count, int size) {
        count &= COUNT_MASK;
        if (count == 0) return value;
        int bits = Width.bits(size), rotation = count % (bits + 1);
        long widthMask = (1L << (bits + 1)) - 1;
        boolean oldCarry = f.carry();
        long wide = (value & Width.mask(size) & 0xFFFFFFFFL) | (oldCarry ? 1L << bits : 0);
        long rotated = rotation == 0 ? wide : ((wide >>> rotation) | (wide << (bits + 1 - rotation))) & widthMask;
        int result = (int) rotated & Width.mask(size);
        rotateFlags(f, ((rotated >>> bits) & 1) != 0, topBitsDiffer(result, size));
        return result;
    }

    /** Rotates define only CF and OF; the other status flags keep their values. */
    private static void rotateFlags(LazyFlags f, boolean carry, boolean overflow) {
        if (f != null) f.setStatus(CF | OF, (carry ? CF : 0) | (overflow ? OF : 0));
    }

    /**
     * SHLD: destination shifted left, filled from the top of {@code source}. For a 16-bit operand and a count
     * above 16 the SDM leaves the result undefined; we shift the 48-bit string destination:source:source, as
     * the oracle CPU (AMD) does (Intel documents destination:source:destination in practice).
     */
    public static int shld(LazyFlags f, int destination, int source, int count, int size) {
        count &= COUNT_MASK;
        if (count == 0) return destination;
        int result;
        boolean carry;
        if (size == 4) {
            long wide = ((destination & 0xFFFFFFFFL) << 32) | (source & 0xFFFFFFFFL);
            result = (int) ((wide << count) >>> 32);
            carry = ((destination >>> (32 - count)) & 1) != 0;
        } else {
            long d = destination & 0xFFFFL, s = source & 0xFFFFL;
            long wide = (d << 32) | (s << 16) | s;
            result = (int) ((wide << count) >>> 32) & 0xFFFF;
            carry = ((wide >>> (48 - count)) & 1) != 0;
        }
        if (f != null) f.afterShift(size, result, carry, msb(result, size) != msb(destination, size));
        return result;
    }

    /** SHRD: destination shifted right, filled from the bottom of {@code source}; 16-bit counts above 16 shift source:source:destination. */
    public static int shrd(LazyFlags f, int destination, int source, int count, int size) {
        count &= COUNT_MASK;
        if (count == 0) return destination;
        int result;
        boolean carry;
        if (size == 4) {
            long wide = ((source & 0xFFFFFFFFL) << 32) | (destination & 0xFFFFFFFFL);
            result = (int) (wide >>> count);
            carry = ((destination >>> (count - 1)) & 1) != 0;
        } else {
            long d = destination & 0xFFFFL, s = source & 0xFFFFL;
            long wide = d | (s << 16) | (s << 32);
            result = (int) (wide >>> count) & 0xFFFF;
            carry = ((wide >>> (count - 1)) & 1) != 0;
        }
        if (f != null) f.afterShift(size, result, carry, msb(result, size) != msb(destination, size));
        return result;
    }
}
