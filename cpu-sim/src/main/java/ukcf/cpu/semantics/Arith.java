package ukcf.cpu.semantics;

import static ukcf.cpu.state.CpuState.EAX;
import static ukcf.cpu.state.CpuState.EDX;

import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.Operand;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.flags.Eflags;
import ukcf.cpu.flags.LazyFlags;
import ukcf.cpu.flags.Width;
import ukcf.cpu.interp.HandlerTable;
import ukcf.cpu.interp.Operands;
import ukcf.cpu.interp.Shapes;
import ukcf.cpu.state.CpuState;

/**
 * Integer add, subtract, multiply, divide, compare, increment, decrement, negate, decimal adjust.
 *
 * <p>The static methods are the semantics proper (operands in, result out, flags recorded) and are what the
 * translator calls; handlers only connect them to operands. Values are zero-extended from {@code size} bytes.
 *
 * <p>A null flags object means nothing can observe the flags this operation would set (translated code's dead-flag
 * elimination): the result is computed, the flags are not. Operations that read flags (ADC, SBB, RCL, RCR) always
 * get one.
 */
public final class Arith {
    private Arith() { }

    public static void register(HandlerTable table) {
        table.register("ADD", Shapes.binaryReadModifyWrite(Arith::add));
        table.register("ADC", Shapes.binaryReadModifyWrite(Arith::adc));
        table.register("SUB", Shapes.binaryReadModifyWrite(Arith::sub));
        table.register("SBB", Shapes.binaryReadModifyWrite(Arith::sbb));
        table.register("CMP", Shapes.compare(Arith::sub));
        table.register("INC", Shapes.unaryReadModifyWrite(Arith::inc));
        table.register("DEC", Shapes.unaryReadModifyWrite(Arith::dec));
        table.register("NEG", Shapes.unaryReadModifyWrite(Arith::neg));
        table.register("MUL", Arith::executeMul);
        table.register("IMUL", Arith::executeImul);
        table.register("DIV", Arith::executeDiv);
        table.register("IDIV", Arith::executeIdiv);
        table.register("CMPXCHG", Arith::executeCmpxchg);
        table.register("CMPXCHG8B", Arith::executeCmpxchg8b);
        table.register("XADD", Arith::executeXadd);
        table.register("DAA", (cpu, insn) -> accumulatorByte(cpu, daa(cpu.state.flags, accumulatorByte(cpu))));
        table.register("DAS", (cpu, insn) -> accumulatorByte(cpu, das(cpu.state.flags, accumulatorByte(cpu))));
        table.register("AAA", (cpu, insn) -> accumulatorWord(cpu, aaa(cpu.state.flags, accumulatorWord(cpu))));
        table.register("AAS", (cpu, insn) -> accumulatorWord(cpu, aas(cpu.state.flags, accumulatorWord(cpu))));
        table.register("AAM", (cpu, insn) -> accumulatorWord(cpu, aam(cpu.state.flags, accumulatorWord(cpu), base(insn))));
        table.register("AAD", (cpu, insn) -> accumulatorWord(cpu, aad(cpu.state.flags, accumulatorWord(cpu), base(insn))));
    }

    // ---- add / subtract ----

    public static int add(LazyFlags f, int a, int b, int size) {
        int r = a + b;
        if (f != null) f.afterAdd(size, a, b, r);
        return r & Width.mask(size);
    }

    public static int adc(LazyFlags f, int a, int b, int size) {
        boolean carry = f.carry();
        int r = a + b + (carry ? 1 : 0);
        f.afterAdc(size, a, b, carry, r);
        return r & Width.mask(size);
    }

    public static int sub(LazyFlags f, int a, int b, int size) {
        int r = a - b;
        if (f != null) f.afterSub(size, a, b, r);
        return r & Width.mask(size);
    }

    public static int sbb(LazyFlags f, int a, int b, int size) {
        boolean borrow = f.carry();
        int r = a - b - (borrow ? 1 : 0);
        f.afterSbb(size, a, b, borrow, r);
        return r & Width.mask(size);
    }

    public static int inc(LazyFlags f, int a, int size) {
        int r = (a + 1) & Width.mask(size);
        if (f != null) f.afterInc(size, r);
        return r;
    }

    public static int dec(LazyFlags f, int a, int size) {
        int r = (a - 1) & Width.mask(size);
        if (f != null) f.afterDec(size, r);
        return r;
    }

    public static int neg(LazyFlags f, int a, int size) {
        int r = -a & Width.mask(size);
        if (f != null) f.afterNeg(size, a, r);
        return r;
    }

    // ---- multiply ----

    /**
     * Unsigned full product of two {@code size}-byte values; CF = OF = (upper half nonzero). SF/ZF/AF/PF are
     * undefined; the oracle CPU leaves them unchanged, and so do we.
     */
    public static long mul(LazyFlags f, int a, int b, int size) {
        long product = (a & 0xFFFFFFFFL) * (b & 0xFFFFFFFFL);
        multiplyFlags(f, (product >>> Width.bits(size)) != 0);
        return product;
    }

    /** Signed full product; CF = OF = (product does not fit the low half as a signed value); see {@link #mul}. */
    public static long imul(LazyFlags f, int a, int b, int size) {
        long product = (long) Width.signExtend(a, size) * Width.signExtend(b, size);
        multiplyFlags(f, product != Width.signExtend((int) product, size));
        return product;
    }

    private static void multiplyFlags(LazyFlags f, boolean overflow) {
        if (f != null) f.setStatus(Eflags.CF | Eflags.OF, overflow ? Eflags.CF | Eflags.OF : 0);
    }

    /** Two- and three-operand IMUL: the product truncated to {@code size}. */
    public static int imulTruncating(LazyFlags f, int a, int b, int size) {
        return (int) imul(f, a, b, size) & Width.mask(size);
    }

    private static void executeMul(Cpu cpu, Instruction insn) {
        Operand source = insn.operand(insn.operands().size() - 1);
        int size = Operands.sizeOf(insn, source);
        int b = Operands.read(cpu, source, size);
        writeDoubleAccumulator(cpu.state, size, mul(cpu.state.flags, Operands.readGpr(cpu.state, EAX, size), b, size));
    }

    private static void executeImul(Cpu cpu, Instruction insn) {
        switch (insn.operands().size()) {
            case 1: {
                Operand source = insn.operand(0);
                int size = Operands.sizeOf(insn, source);
                int b = Operands.read(cpu, source, size);
                writeDoubleAccumulator(cpu.state, size,
                        imul(cpu.state.flags, Operands.readGpr(cpu.state, EAX, size), b, size));
                break;
            }
            case 2:
                Shapes.binaryReadModifyWrite(Arith::imulTruncating).execute(cpu, insn);
                break;
            default: {
                Operand destination = insn.operand(0);
                int size = Operands.sizeOf(insn, destination);
                int a = Operands.read(cpu, insn.operand(1), size);
                int b = Operands.read(cpu, insn.operand(2), size);
                Operands.write(cpu, destination, size, imulTruncating(cpu.state.flags, a, b, size));
            }
        }
    }

    /** AX = AL*src (byte), DX:AX (word) or EDX:EAX (dword). */
    private static void writeDoubleAccumulator(CpuState s, int size, long product) {
        if (size == 1) {
            Operands.writeGpr(s, EAX, 2, (int) product);
        } else {
            Operands.writeGpr(s, EAX, size, (int) product);
            Operands.writeGpr(s, EDX, size, (int) (product >>> Width.bits(size)));
        }
    }

    // ---- divide ----

    /**
     * Unsigned division of the double-width dividend by {@code divisor}: returns quotient (low 32 bits) and
     * remainder (high 32 bits). #DE on a zero divisor or a quotient wider than {@code size}. Flags are
     * undefined after DIV and left unchanged.
     */
    public static long div(long dividend, int divisor, int size) {
        long d = divisor & Width.mask(size) & 0xFFFFFFFFL;
        if (d == 0) throw divideError("divide by zero");
        long quotient = Long.divideUnsigned(dividend, d);
        if (Long.compareUnsigned(quotient, Width.mask(size) & 0xFFFFFFFFL) > 0) throw divideError("quotient overflow");
        long remainder = Long.remainderUnsigned(dividend, d);
        return (quotient & 0xFFFFFFFFL) | (remainder << 32);
    }

    /** Signed division; #DE on a zero divisor or a quotient outside the signed range of {@code size}. */
    public static long idiv(long dividend, int divisor, int size) {
        long d = Width.signExtend(divisor, size);
        if (d == 0) throw divideError("divide by zero");
        if (dividend == Long.MIN_VALUE && d == -1) throw divideError("quotient overflow");
        long quotient = dividend / d;
        long remainder = dividend % d;
        if (quotient != Width.signExtend((int) quotient, size)) {
            throw divideError("quotient overflow");
        }
        return (quotient & 0xFFFFFFFFL) | (remainder << 32);
    }

    private static GuestFault divideError(String detail) { return GuestFault.of(ExceptionVector.DE, detail); }

    private static void executeDiv(Cpu cpu, Instruction insn) { divide(cpu, insn, false); }

    private static void executeIdiv(Cpu cpu, Instruction insn) { divide(cpu, insn, true); }

    private static void divide(Cpu cpu, Instruction insn, boolean signed) {
        CpuState s = cpu.state;
        Operand source = insn.operand(insn.operands().size() - 1);
        int size = Operands.sizeOf(insn, source);
        int divisor = Operands.read(cpu, source, size);
        long dividend;
        if (size == 1) {
            int ax = Operands.readGpr(s, EAX, 2);
            dividend = signed ? (short) ax : ax;
        } else {
            long high = Operands.readGpr(s, EDX, size) & 0xFFFFFFFFL;
            long low = Operands.readGpr(s, EAX, size) & 0xFFFFFFFFL;
            long combined = (high << Width.bits(size)) | low;
            dividend = signed && size == 2 ? (int) combined : combined;
        }
        long result = signed ? idiv(dividend, divisor, size) : div(dividend, divisor, size);
        int quotient = (int) result, remainder = (int) (result >>> 32);
        if (size == 1) {
            Operands.writeGpr(s, EAX, 2, (quotient & 0xFF) | ((remainder & 0xFF) << 8));
        } else {
            Operands.writeGpr(s, EAX, size, quotient);
            Operands.writeGpr(s, EDX, size, remainder);
        }
    }

    // ---- exchange-and-operate ----

    /** CMPXCHG r/m, r: compares the accumulator with the destination; the destination is always written. */
    private static void executeCmpxchg(Cpu cpu, Instruction insn) {
        CpuState s = cpu.state;
        Operand destination = insn.operand(0);
        int size = Operands.sizeOf(insn, destination);
        int source = Operands.read(cpu, insn.operand(1), size);
        int accumulator = Operands.readGpr(s, EAX, size);
        int[] loaded = new int[1];
        Shapes.readModifyWrite(cpu, destination, size, current -> {
            loaded[0] = current;
            sub(s.flags, accumulator, current, size);
            return accumulator == current ? source : current;
        });
        if (accumulator != loaded[0]) Operands.writeGpr(s, EAX, size, loaded[0]);
    }

    /** CMPXCHG8B m64: EDX:EAX against memory; ZF reports equality, other flags unchanged. */
    private static void executeCmpxchg8b(Cpu cpu, Instruction insn) {
        CpuState s = cpu.state;
        if (!(insn.operand(0) instanceof Operand.Mem m)) throw GuestFault.of(ExceptionVector.UD, "cmpxchg8b needs memory");
        int linear = Operands.linearAddress(s, m);
        long current = Operands.readForWrite64(cpu, linear);
        long expected = ((long) s.gpr[EDX] << 32) | (s.gpr[EAX] & 0xFFFFFFFFL);
        boolean equal = current == expected;
        cpu.memory.write64(linear, equal ? ((long) s.gpr[CpuState.ECX] << 32) | (s.gpr[CpuState.EBX] & 0xFFFFFFFFL) : current);
        s.flags.setStatus(Eflags.ZF, equal ? Eflags.ZF : 0);
        if (!equal) {
            s.gpr[EAX] = (int) current;
            s.gpr[EDX] = (int) (current >>> 32);
        }
    }

    /** XADD r/m, r: the register receives the old destination, the destination the sum (written last). */
    private static void executeXadd(Cpu cpu, Instruction insn) {
        Operand destination = insn.operand(0);
        Operand.Reg register = (Operand.Reg) insn.operand(1);
        int size = Operands.sizeOf(insn, destination);
        int source = Operands.readGpr(cpu.state, register.index(), size);
        if (destination instanceof Operand.Mem m) {
            int linear = Operands.linearAddress(cpu.state, m);
            int old = Operands.readForWrite(cpu, linear, size);
            Operands.writeMemory(cpu, linear, size, add(cpu.state.flags, old, source, size));
            Operands.writeGpr(cpu.state, register.index(), size, old);
        } else {
            int index = ((Operand.Reg) destination).index();
            int old = Operands.readGpr(cpu.state, index, size);
            int sum = add(cpu.state.flags, old, source, size);
            Operands.writeGpr(cpu.state, register.index(), size, old);
            Operands.writeGpr(cpu.state, index, size, sum);
        }
    }

    // ---- decimal adjust (SDM vol. 2 pseudocode) ----

    private static int accumulatorByte(Cpu cpu) { return cpu.state.gpr[EAX] & 0xFF; }

    private static void accumulatorByte(Cpu cpu, int al) { Operands.writeGpr(cpu.state, EAX, 1, al); }

    private static int accumulatorWord(Cpu cpu) { return cpu.state.gpr[EAX] & 0xFFFF; }

    private static void accumulatorWord(Cpu cpu, int ax) { Operands.writeGpr(cpu.state, EAX, 2, ax); }

    /** The AAM/AAD immediate (10 when written without an operand). */
    private static int base(Instruction insn) {
        return insn.operands().isEmpty() ? 10 : ((Operand.Imm) insn.operand(insn.operands().size() - 1)).value() & 0xFF;
    }

    /** DAA: OF is undefined; the oracle CPU sets it when the adjustment turned AL negative, and so do we. */
    public static int daa(LazyFlags f, int al) {
        boolean oldCarry = f.carry(), carry = false, adjust = false;
        int oldAl = al;
        if ((al & 0xF) > 9 || f.auxiliaryCarry()) {
            carry = oldCarry || al + 6 > 0xFF;
            al = (al + 6) & 0xFF;
            adjust = true;
        }
        if (oldAl > 0x99 || oldCarry) {
            al = (al + 0x60) & 0xFF;
            carry = true;
        } else {
            carry = false;
        }
        decimalFlags(f, al, carry, adjust, oldAl < 0x80 && al >= 0x80);
        return al;
    }

    /** DAS: OF is undefined; the oracle CPU sets it when the adjustment turned AL positive, and so do we. */
    public static int das(LazyFlags f, int al) {
        boolean oldCarry = f.carry(), carry = false, adjust = false;
        int oldAl = al;
        if ((al & 0xF) > 9 || f.auxiliaryCarry()) {
            carry = oldCarry || al < 6;
            al = (al - 6) & 0xFF;
            adjust = true;
        }
        if (oldAl > 0x99 || oldCarry) {
            al = (al - 0x60) & 0xFF;
            carry = true;
        }
        decimalFlags(f, al, carry, adjust, oldAl >= 0x80 && al < 0x80);
        return al;
    }

    private static void decimalFlags(LazyFlags f, int al, boolean carry, boolean adjust, boolean overflow) {
        f.afterLogic(1, al);
        f.setStatus(Eflags.CF | Eflags.AF | Eflags.OF,
                (carry ? Eflags.CF : 0) | (adjust ? Eflags.AF : 0) | (overflow ? Eflags.OF : 0));
    }

    /** AAA on AX; OF/SF/ZF/PF are undefined (left unchanged). */
    public static int aaa(LazyFlags f, int ax) {
        boolean adjust = (ax & 0xF) > 9 || f.auxiliaryCarry();
        if (adjust) ax = (ax + 0x106) & 0xFFFF;
        f.setStatus(Eflags.CF | Eflags.AF, adjust ? Eflags.CF | Eflags.AF : 0);
        return ax & 0xFF0F;
    }

    /** AAS on AX; OF/SF/ZF/PF are undefined (left unchanged). */
    public static int aas(LazyFlags f, int ax) {
        boolean adjust = (ax & 0xF) > 9 || f.auxiliaryCarry();
        if (adjust) {
            ax = (ax - 6) & 0xFFFF;
            ax = (ax - 0x100) & 0xFFFF;
        }
        f.setStatus(Eflags.CF | Eflags.AF, adjust ? Eflags.CF | Eflags.AF : 0);
        return ax & 0xFF0F;
    }

    /** AAM imm8: AH = AL / base, AL = AL mod base; #DE for base 0; SF/ZF/PF from AL. */
    public static int aam(LazyFlags f, int ax, int base) {
        if (base == 0) throw divideError("aam with base 0");
        int al = ax & 0xFF;
        int result = ((al / base) << 8) | (al % base);
        f.afterLogic(1, result & 0xFF);
        return result;
    }

    /**
     * AAD imm8: AL = AL + AH * base, AH = 0; SF/ZF/PF from AL. OF/AF/CF are undefined; the oracle CPU sets them
     * as the byte addition AL + (AH * base) would, and so do we.
     */
    public static int aad(LazyFlags f, int ax, int base) {
        int product = ((ax >>> 8) & 0xFF) * base;
        return add(f, ax & 0xFF, product & 0xFF, 1);
    }
}
