package ukcf.cpu.semantics;

import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.Operand;
import ukcf.cpu.flags.Eflags;
import ukcf.cpu.flags.LazyFlags;
import ukcf.cpu.flags.Width;
import ukcf.cpu.interp.HandlerTable;
import ukcf.cpu.interp.Operands;

/**
 * BT family, BSF/BSR, BSWAP, SETcc.
 *
 * <p>BT/BTS/BTR/BTC define only CF (ZF unchanged; OF/SF/AF/PF undefined and left unchanged). With a memory
 * operand and a register bit offset the operand is a bit string: the signed offset selects the word or dword
 * {@code offset >> 4|5} units away from the effective address. An immediate offset is taken modulo the width.
 */
public final class Bits {
    private Bits() { }

    /** What a BT-family instruction does to the selected bit. */
    public enum BitUpdate { TEST, SET, RESET, COMPLEMENT }

    public static void register(HandlerTable table) {
        table.register("BT", (cpu, insn) -> bitTest(cpu, insn, BitUpdate.TEST));
        table.register("BTS", (cpu, insn) -> bitTest(cpu, insn, BitUpdate.SET));
        table.register("BTR", (cpu, insn) -> bitTest(cpu, insn, BitUpdate.RESET));
        table.register("BTC", (cpu, insn) -> bitTest(cpu, insn, BitUpdate.COMPLEMENT));
        table.register("BSF", (cpu, insn) -> bitScan(cpu, insn, true));
        table.register("BSR", (cpu, insn) -> bitScan(cpu, insn, false));
        table.register("TZCNT", (cpu, insn) -> bitCount(cpu, insn, Bits::tzcnt));
        table.register("LZCNT", (cpu, insn) -> bitCount(cpu, insn, Bits::lzcnt));
        table.register("POPCNT", (cpu, insn) -> bitCount(cpu, insn, Bits::popcnt));
        table.register("BSWAP", Bits::executeBswap);
        table.register("SETCC", (cpu, insn) ->
                Operands.write(cpu, insn.operand(0), 1, cpu.state.flags.condition(Conditions.of(insn)) ? 1 : 0));
    }

    private static void bitTest(Cpu cpu, Instruction insn, BitUpdate update) {
        Operand base = insn.operand(0);
        Operand offsetOperand = insn.operand(1);
        int size = Operands.sizeOf(insn, base);
        int bits = Width.bits(size);
        int offset = Operands.read(cpu, offsetOperand, offsetOperand instanceof Operand.Imm ? 1 : size);
        if (base instanceof Operand.Mem m) {
            int address = Operands.effectiveAddress(cpu.state, m);
            int bit = offset & (bits - 1);
            if (!(offsetOperand instanceof Operand.Imm)) {
                int signedOffset = Width.signExtend(offset, size);
                address += (signedOffset >> (size == 4 ? 5 : 4)) * size;
            }
            // The displaced address wraps like any effective address of this address size.
            int linear = cpu.state.segmentBase(m.segment()) + (address & Operands.addressMask(m));
            int value = update == BitUpdate.TEST ? Operands.readMemory(cpu, linear, size)
                                                 : Operands.readForWrite(cpu, linear, size);
            int updated = applyBit(cpu.state.flags, value, bit, update);
            if (update != BitUpdate.TEST) Operands.writeMemory(cpu, linear, size, updated);
        } else {
            int index = ((Operand.Reg) base).index();
            int value = Operands.readGpr(cpu.state, index, size);
            int updated = applyBit(cpu.state.flags, value, offset & (bits - 1), update);
            if (update != BitUpdate.TEST) Operands.writeGpr(cpu.state, index, size, updated);
        }
    }

    /** CF = bit {@code bit} (already reduced modulo the width) of {@code value}; returns the updated value. */
    public static int applyBit(LazyFlags f, int value, int bit, BitUpdate update) {
        int mask = 1 << bit;
        f.setCarry((value & mask) != 0);
        switch (update) {
            case SET: return value | mask;
            case RESET: return value & ~mask;
            case COMPLEMENT: return value ^ mask;
            default: return value;
        }
    }

    private static void bitScan(Cpu cpu, Instruction insn, boolean forward) {
        Operand destination = insn.operand(0);
        int size = Operands.sizeOf(insn, destination);
        int source = Operands.read(cpu, insn.operand(1), size);
        int current = Operands.read(cpu, destination, size);
        int result = forward ? bsf(cpu.state.flags, source, current, size) : bsr(cpu.state.flags, source, current, size);
        Operands.write(cpu, destination, size, result);
    }

    /**
     * BSF: index of the lowest set bit; a zero source sets ZF and leaves the destination unchanged (the SDM
     * says undefined; every Intel and AMD CPU keeps it). CF/OF/SF/AF/PF are undefined (left unchanged).
     */
    public static int bsf(LazyFlags f, int source, int destination, int size) {
        source &= Width.mask(size);
        f.setStatus(Eflags.ZF, source == 0 ? Eflags.ZF : 0);
        return source == 0 ? destination : Integer.numberOfTrailingZeros(source);
    }

    /** BSR: index of the highest set bit; zero source as {@link #bsf}. */
    public static int bsr(LazyFlags f, int source, int destination, int size) {
        source &= Width.mask(size);
        f.setStatus(Eflags.ZF, source == 0 ? Eflags.ZF : 0);
        return source == 0 ? destination : 31 - Integer.numberOfLeadingZeros(source);
    }

    @FunctionalInterface
    private interface Count {
        int apply(LazyFlags flags, int source, int size);
    }

    private static void bitCount(Cpu cpu, Instruction insn, Count count) {
        Operand destination = insn.operand(0);
        int size = Operands.sizeOf(insn, destination);
        int source = Operands.read(cpu, insn.operand(1), size);
        Operands.write(cpu, destination, size, count.apply(cpu.state.flags, source, size));
    }

    /**
     * LZCNT (ABM) and POPCNT are advertised by our CPUID. TZCNT is not (BMI1 would promise the VEX-encoded
     * BMI1 set too), yet it runs as on the CPUs that have it rather than as {@code rep bsf}: gcc emits
     * {@code rep bsf} for ctz only where both agree (non-zero source), and the native oracle is such a CPU. CF = source is zero, ZF = result is zero; OF/SF/AF/PF undefined (left unchanged).
     */
    public static int tzcnt(LazyFlags f, int source, int size) {
        source &= Width.mask(size);
        int result = source == 0 ? Width.bits(size) : Integer.numberOfTrailingZeros(source);
        f.setStatus(Eflags.CF | Eflags.ZF, (source == 0 ? Eflags.CF : 0) | (result == 0 ? Eflags.ZF : 0));
        return result;
    }

    public static int lzcnt(LazyFlags f, int source, int size) {
        source &= Width.mask(size);
        int result = Integer.numberOfLeadingZeros(source) - (32 - Width.bits(size));
        f.setStatus(Eflags.CF | Eflags.ZF, (source == 0 ? Eflags.CF : 0) | (result == 0 ? Eflags.ZF : 0));
        return result;
    }

    /** POPCNT: ZF = source is zero, OF/SF/AF/CF/PF cleared. */
    public static int popcnt(LazyFlags f, int source, int size) {
        source &= Width.mask(size);
        f.setStatus(Eflags.STATUS, source == 0 ? Eflags.ZF : 0);
        return Integer.bitCount(source);
    }

    /** BSWAP r32; with a 16-bit operand the SDM result is undefined and hardware clears the register's low word. */
    private static void executeBswap(Cpu cpu, Instruction insn) {
        Operand.Reg r = (Operand.Reg) insn.operand(0);
        int size = Operands.sizeOf(insn, r);
        int value = Operands.readGpr(cpu.state, r.index(), 4);
        Operands.writeGpr(cpu.state, r.index(), size, size == 4 ? Integer.reverseBytes(value) : 0);
    }
}
