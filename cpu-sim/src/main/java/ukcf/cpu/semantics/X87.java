package ukcf.cpu.semantics;

import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.Operand;
import ukcf.cpu.decode.RegisterBank;
import ukcf.cpu.decode.Segment;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.fp.Comparison;
import ukcf.cpu.fp.Extended;
import ukcf.cpu.fp.Float80;
import ukcf.cpu.fp.FpContext;
import ukcf.cpu.fp.FpException;
import ukcf.cpu.fp.FpValue;
import ukcf.cpu.fp.PackedBcd;
import ukcf.cpu.fp.SoftFloat;
import ukcf.cpu.fp.Transcendental;
import ukcf.cpu.fp.X87Special;
import ukcf.cpu.flags.Eflags;
import ukcf.cpu.interp.HandlerTable;
import ukcf.cpu.interp.InstructionHandler;
import ukcf.cpu.interp.Operands;
import ukcf.cpu.memory.Access;
import ukcf.cpu.state.X87State;

import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

import static ukcf.cpu.state.X87State.C0;
import static ukcf.cpu.state.X87State.C1;
import static ukcf.cpu.state.X87State.C2;
import static ukcf.cpu.state.X87State.C3;

/**
 * The x87 FPU (SDM vol. 1 ch. 8, vol. 2 F*). Numbers are computed by the soft-float engine ({@link Extended},
 * {@link X87Special}, {@link Transcendental}); this class does the stack, the tags, the status word and the
 * exception protocol:
 * <ul>
 * <li>a waiting instruction first raises #MF if an unmasked exception is pending (ES set);</li>
 * <li>memory is read, and stores are written (or, when an exception suppresses them, checked), before any x87
 * state changes, so a #PF leaves the FPU intact;</li>
 * <li>stack overflow/underflow set IE and SF (C1 = 1 for overflow, 0 for underflow); masked, the destination
 * receives the real indefinite; unmasked, nothing changes but ES;</li>
 * <li>an unmasked invalid-operation, denormal or zero-divide exception suppresses the result (and the pop); an
 * unmasked overflow or underflow delivers the exponent-adjusted result to a register and nothing to memory.</li>
 * </ul>
 * Memory operands are real for FADD..., integer for FIADD...; the operand's size picks the format.
 */
public final class X87 {
    private X87() { }

    private static final int PRE_COMPUTATION = FpException.INVALID | FpException.DENORMAL | FpException.DIVIDE_BY_ZERO;
    private static final int STORE_SUPPRESSING = FpException.INVALID | FpException.OVERFLOW | FpException.UNDERFLOW;

    public static void register(HandlerTable table) {
        table.register("FLD", waiting(X87::load));
        table.register("FILD", waiting(X87::loadInteger));
        table.register("FBLD", waiting(X87::loadBcd));
        table.register("FST", waiting((cpu, insn) -> store(cpu, insn, false)));
        table.register("FSTP", waiting((cpu, insn) -> store(cpu, insn, true)));
        table.register("FIST", waiting((cpu, insn) -> storeInteger(cpu, insn, false, false)));
        table.register("FISTP", waiting((cpu, insn) -> storeInteger(cpu, insn, true, false)));
        table.register("FISTTP", waiting((cpu, insn) -> storeInteger(cpu, insn, true, true)));
        table.register("FBSTP", waiting(X87::storeBcd));
        registerConstants(table);
        table.register("FXCH", waiting(X87::exchange));

        arithmetic(table, "FADD", Extended.Arithmetic.ADD, false, false);
        arithmetic(table, "FADDP", Extended.Arithmetic.ADD, false, true);
        arithmetic(table, "FIADD", Extended.Arithmetic.ADD, false, false);
        arithmetic(table, "FMUL", Extended.Arithmetic.MULTIPLY, false, false);
        arithmetic(table, "FMULP", Extended.Arithmetic.MULTIPLY, false, true);
        arithmetic(table, "FIMUL", Extended.Arithmetic.MULTIPLY, false, false);
        arithmetic(table, "FSUB", Extended.Arithmetic.SUBTRACT, false, false);
        arithmetic(table, "FSUBP", Extended.Arithmetic.SUBTRACT, false, true);
        arithmetic(table, "FISUB", Extended.Arithmetic.SUBTRACT, false, false);
        arithmetic(table, "FSUBR", Extended.Arithmetic.SUBTRACT, true, false);
        arithmetic(table, "FSUBRP", Extended.Arithmetic.SUBTRACT, true, true);
        arithmetic(table, "FISUBR", Extended.Arithmetic.SUBTRACT, true, false);
        arithmetic(table, "FDIV", Extended.Arithmetic.DIVIDE, false, false);
        arithmetic(table, "FDIVP", Extended.Arithmetic.DIVIDE, false, true);
        arithmetic(table, "FIDIV", Extended.Arithmetic.DIVIDE, false, false);
        arithmetic(table, "FDIVR", Extended.Arithmetic.DIVIDE, true, false);
        arithmetic(table, "FDIVRP", Extended.Arithmetic.DIVIDE, true, true);
        arithmetic(table, "FIDIVR", Extended.Arithmetic.DIVIDE, true, false);

        table.register("FCHS", waiting((cpu, insn) -> signOperation(cpu, insn, Float80::negate)));
        table.register("FABS", waiting((cpu, insn) -> signOperation(cpu, insn, Float80::abs)));
        unary(table, "FSQRT", Extended::sqrt);
        unary(table, "FRNDINT", Extended::roundToIntegral);
        unary(table, "F2XM1", Transcendental::twoToXMinusOne);
        table.register("FSCALE", waiting(X87::scale));
        table.register("FXTRACT", waiting(X87::extract));
        table.register("FPREM", waiting((cpu, insn) -> remainder(cpu, insn, false)));
        table.register("FPREM1", waiting((cpu, insn) -> remainder(cpu, insn, true)));
        table.register("FSIN", waiting((cpu, insn) -> trigonometric(cpu, insn, Transcendental.Trig.SIN)));
        table.register("FCOS", waiting((cpu, insn) -> trigonometric(cpu, insn, Transcendental.Trig.COS)));
        table.register("FPTAN", waiting((cpu, insn) -> trigonometric(cpu, insn, Transcendental.Trig.TAN)));
        table.register("FSINCOS", waiting((cpu, insn) -> trigonometric(cpu, insn, Transcendental.Trig.SINCOS)));
        binaryPop(table, "FPATAN", Transcendental::arctangent);
        binaryPop(table, "FYL2X", Transcendental::yLog2X);
        binaryPop(table, "FYL2XP1", Transcendental::yLog2XPlus1);

        compare(table, "FCOM", true, 0);
        compare(table, "FCOMP", true, 1);
        compare(table, "FCOMPP", true, 2);
        compare(table, "FUCOM", false, 0);
        compare(table, "FUCOMP", false, 1);
        compare(table, "FUCOMPP", false, 2);
        compare(table, "FICOM", true, 0);
        compare(table, "FICOMP", true, 1);
        table.register("FTST", waiting(X87::test));
        table.register("FXAM", waiting(X87::examine));
        table.register("FCOMI", waiting((cpu, insn) -> compareToEflags(cpu, insn, true, false)));
        table.register("FCOMIP", waiting((cpu, insn) -> compareToEflags(cpu, insn, true, true)));
        table.register("FUCOMI", waiting((cpu, insn) -> compareToEflags(cpu, insn, false, false)));
        table.register("FUCOMIP", waiting((cpu, insn) -> compareToEflags(cpu, insn, false, true)));
        table.register("FCMOVCC", waiting(X87::conditionalMove));

        table.register("FLDCW", waiting(X87::loadControlWord));
        table.register("FNSTCW", X87::storeControlWord);
        table.register("FSTCW", waiting(X87::storeControlWord));
        table.register("FNSTSW", X87::storeStatusWord);
        table.register("FSTSW", waiting(X87::storeStatusWord));
        table.register("FNCLEX", X87::clearExceptions);
        table.register("FCLEX", waiting(X87::clearExceptions));
        table.register("FNINIT", (cpu, insn) -> cpu.state.x87.initialize());
        table.register("FINIT", waiting((cpu, insn) -> cpu.state.x87.initialize()));
        table.register("FFREE", waiting((cpu, insn) -> free(cpu, insn, false)));
        table.register("FFREEP", waiting((cpu, insn) -> free(cpu, insn, true)));
        table.register("FINCSTP", waiting((cpu, insn) -> moveTop(cpu, insn, 1)));
        table.register("FDECSTP", waiting((cpu, insn) -> moveTop(cpu, insn, -1)));
        table.register("FNOP", waiting((cpu, insn) -> recordInstruction(cpu, insn)));
        table.register("FWAIT", waiting((cpu, insn) -> { }));
        X87Environment.register(table);
    }

    // ---------------------------------------------------------------- protocol

    /**
     * Wraps a handler of a waiting instruction: #MF first if an unmasked exception is pending. The forms written
     * with an FWAIT byte (FSTSW = 9B DD /7...) are two instructions on the processor: #MF is raised at the WAIT,
     * any fault of the x87 part after it, at the following byte (measured).
     */
    static InstructionHandler waiting(InstructionHandler handler) {
        return (cpu, insn) -> {
            if (cpu.state.x87.flag(X87State.ERROR_SUMMARY)) {
                throw GuestFault.of(ExceptionVector.MF, String.format("pending x87 exception, status word 0x%04x",
                        cpu.state.x87.statusWord()));
            }
            if (!hasWaitPrefix(insn)) {
                handler.execute(cpu, insn);
                return;
            }
            try {
                handler.execute(cpu, insn);
            } catch (GuestFault fault) {
                throw fault.at(insn.address() + 1);
            }
        };
    }

    private static final int FWAIT = 0x9B;

    /** A 9B byte ahead of an x87 escape opcode (not the lone FWAIT instruction). */
    private static boolean hasWaitPrefix(Instruction insn) {
        byte[] bytes = insn.bytes();
        return bytes.length > 1 && (bytes[0] & 0xFF) == FWAIT;
    }

    static FpContext context(X87State x) { return FpContext.x87(x.controlWord); }

    /** FIP, FCS and FOP of a non-control instruction; FDP and FDS too when it has a memory operand. */
    static void recordInstruction(Cpu cpu, Instruction insn) {
        X87State x = cpu.state.x87;
        x.lastInstructionPointer = insn.address();
        x.lastInstructionSelector = cpu.state.segmentSelector[Segment.CS.ordinal()];
        byte[] bytes = insn.bytes();
        for (int i = 0; i + 1 < bytes.length; i++) {
            if ((bytes[i] & 0xF8) == 0xD8) {
                x.lastOpcode = (bytes[i] & 7) << 8 | (bytes[i + 1] & 0xFF);
                break;
            }
        }
        Operand.Mem m = memoryOperand(insn);
        if (m != null) {
            x.lastDataPointer = Operands.effectiveAddress(cpu.state, m);
            x.lastDataSelector = cpu.state.segmentSelector[m.segment().ordinal()];
        }
    }

    static Operand.Mem memoryOperand(Instruction insn) {
        for (Operand o : insn.operands()) if (o instanceof Operand.Mem m) return m;
        return null;
    }

    /**
     * Merges an operation's exceptions into the status word and sets C1 from the rounding. Returns false (C1
     * cleared) when an unmasked invalid-operation, denormal or zero-divide exception suppresses the result.
     */
    static boolean account(X87State x, FpContext c) {
        x.status |= c.flags & FpException.ALL;
        int unmasked = c.unmaskedFlags();
        if (unmasked != 0) x.status |= X87State.ERROR_SUMMARY | X87State.BUSY;
        if ((unmasked & PRE_COMPUTATION) != 0) {
            x.setFlag(C1, false);   // measured
            return false;
        }
        x.setFlag(C1, c.roundedUp);
        return true;
    }

    /** Stack underflow: IE+SF, C1=0. Returns true when masked (continue with the indefinite). */
    static boolean stackUnderflow(X87State x) { return stackFault(x, false); }

    /** Stack overflow: IE+SF, C1=1. Returns true when masked (push the indefinite). */
    static boolean stackOverflow(X87State x) { return stackFault(x, true); }

    private static boolean stackFault(X87State x, boolean overflow) {
        x.status |= FpException.INVALID | X87State.STACK_FAULT;
        x.setFlag(C1, overflow);
        if ((x.controlWord & FpException.INVALID) == 0) {
            x.status |= X87State.ERROR_SUMMARY | X87State.BUSY;
            return false;
        }
        return true;
    }

    static boolean pushWouldOverflow(X87State x) { return !x.isEmpty(7); }

    static int stackIndex(Operand o) { return ((Operand.Reg) o).index(); }

    static boolean isStackRegister(Operand o) { return o instanceof Operand.Reg r && r.bank() == RegisterBank.X87; }

    // ---------------------------------------------------------------- memory

    static int address(Cpu cpu, Operand.Mem m) { return Operands.linearAddress(cpu.state, m); }

    static Float80 readFloat80(Cpu cpu, Operand.Mem m) {
        byte[] b = new byte[10];
        cpu.memory.read(address(cpu, m), b, 0, 10);
        return Float80.fromBytes(b, 0);
    }

    static void writeFloat80(Cpu cpu, Operand.Mem m, Float80 v) {
        byte[] b = new byte[10];
        v.toBytes(b, 0);
        cpu.memory.write(address(cpu, m), b, 0, 10);
    }

    /**
     * Checks a store's destination for write access without writing: measured, a store whose unmasked exception
     * suppresses the write still raises #PF on an inaccessible destination, before the status word changes.
     */
    static void checkWritable(Cpu cpu, Operand.Mem m) {
        cpu.memory.probe(address(cpu, m), m.size(), Access.WRITE);
    }

    /** A signed integer operand of 2, 4 or 8 bytes. */
    static long readInteger(Cpu cpu, Operand.Mem m) {
        int at = address(cpu, m);
        return switch (m.size()) {
            case 2 -> (short) cpu.memory.read16(at);
            case 4 -> cpu.memory.read32(at);
            default -> cpu.memory.read64(at);
        };
    }

    static void writeInteger(Cpu cpu, Operand.Mem m, long value) {
        int at = address(cpu, m);
        switch (m.size()) {
            case 2 -> cpu.memory.write16(at, (int) value);
            case 4 -> cpu.memory.write32(at, (int) value);
            default -> cpu.memory.write64(at, value);
        }
    }

    /** A real (m32fp/m64fp/m80fp) or, for the FI* forms, integer memory operand as an unpacked value. */
    static FpValue readSource(Cpu cpu, Instruction insn, Operand.Mem m) {
        if (insn.form().operation().startsWith("FI")) return Extended.operandInteger(readInteger(cpu, m));
        int at = address(cpu, m);
        return switch (m.size()) {
            case 4 -> Extended.operandBinary32(cpu.memory.read32(at));
            case 8 -> Extended.operandBinary64(cpu.memory.read64(at));
            default -> Extended.operand(readFloat80(cpu, m));
        };
    }

    // ---------------------------------------------------------------- loads and stores

    private static void load(Cpu cpu, Instruction insn) {
        X87State x = cpu.state.x87;
        FpContext c = context(x);
        Operand source = insn.operand(0);
        Float80 value;
        boolean sourceEmpty = false;
        if (source instanceof Operand.Mem m) {
            value = switch (m.size()) {
                case 4 -> Extended.fromBinary32(cpu.memory.read32(address(cpu, m)), c);
                case 8 -> Extended.fromBinary64(cpu.memory.read64(address(cpu, m)), c);
                default -> readFloat80(cpu, m);
            };
        } else {
            sourceEmpty = x.isEmpty(stackIndex(source));
            value = x.st(stackIndex(source));
        }
        recordInstruction(cpu, insn);
        if (sourceEmpty) {
            // measured: the indefinite is pushed without a further overflow check (C1 stays 0)
            if (stackUnderflow(x)) x.push(Float80.INDEFINITE);
            return;
        }
        push(x, value, c);
    }

    /** Pushes a loaded value, handling stack overflow and the load's own exceptions. */
    private static void push(X87State x, Float80 value, FpContext c) {
        if (pushWouldOverflow(x)) {
            if (stackOverflow(x)) x.push(Float80.INDEFINITE);
            return;
        }
        // measured: a load still completes when its only exception is an unmasked denormal operand
        if (!account(x, c) && c.unmaskedFlags() != FpException.DENORMAL) return;
        x.push(value);
    }

    private static void loadInteger(Cpu cpu, Instruction insn) {
        long value = readInteger(cpu, (Operand.Mem) insn.operand(0));
        recordInstruction(cpu, insn);
        push(cpu.state.x87, Extended.fromInteger(value), context(cpu.state.x87));
    }

    private static void loadBcd(Cpu cpu, Instruction insn) {
        byte[] b = new byte[10];
        cpu.memory.read(address(cpu, (Operand.Mem) insn.operand(0)), b, 0, 10);
        recordInstruction(cpu, insn);
        push(cpu.state.x87, PackedBcd.load(b), context(cpu.state.x87));
    }

    private static void store(Cpu cpu, Instruction insn, boolean pop) {
        X87State x = cpu.state.x87;
        FpContext c = context(x);
        Operand destination = insn.operand(0);
        Float80 value = x.st(0);
        boolean empty = x.isEmpty(0);
        if (empty) {
            c.raise(FpException.INVALID);
            value = Float80.INDEFINITE;
        }
        if (destination instanceof Operand.Mem m) {
            boolean suppressed;
            switch (m.size()) {
                case 4 -> {
                    int bits = Extended.toBinary32(value, c);
                    suppressed = (c.unmaskedFlags() & STORE_SUPPRESSING) != 0;
                    if (suppressed) checkWritable(cpu, m); else cpu.memory.write32(address(cpu, m), bits);
                }
                case 8 -> {
                    long bits = Extended.toBinary64(value, c);
                    suppressed = (c.unmaskedFlags() & STORE_SUPPRESSING) != 0;
                    if (suppressed) checkWritable(cpu, m); else cpu.memory.write64(address(cpu, m), bits);
                }
                default -> {
                    suppressed = (c.unmaskedFlags() & FpException.INVALID) != 0;
                    if (suppressed) checkWritable(cpu, m); else writeFloat80(cpu, m, value);
                }
            }
            recordInstruction(cpu, insn);
            if (empty) {
                stackUnderflow(x);
                if (suppressed) return;
            } else if (!account(x, c) || suppressed) {
                return;
            }
        } else {
            recordInstruction(cpu, insn);
            if (empty && !stackUnderflow(x)) return;
            if (!empty) x.setFlag(C1, false);
            x.setSt(stackIndex(destination), value);
        }
        if (pop) x.pop();
    }

    private static void storeInteger(Cpu cpu, Instruction insn, boolean pop, boolean truncate) {
        X87State x = cpu.state.x87;
        FpContext c = context(x);
        Operand.Mem m = (Operand.Mem) insn.operand(0);
        boolean empty = x.isEmpty(0);
        long value;
        if (empty) {
            c.raise(FpException.INVALID);
            value = SoftFloat.integerIndefinite(m.size() * 8);
        } else {
            value = Extended.toInteger(x.st(0), m.size() * 8, truncate, c);
        }
        boolean suppressed = (c.unmaskedFlags() & FpException.INVALID) != 0;
        if (suppressed) checkWritable(cpu, m); else writeInteger(cpu, m, value);
        recordInstruction(cpu, insn);
        if (suppressed) x.setFlag(C1, false);   // measured
        if (empty) {
            stackUnderflow(x);
            if (suppressed) return;
        } else if (!account(x, c)) {
            return;
        }
        if (pop) x.pop();
    }

    private static void storeBcd(Cpu cpu, Instruction insn) {
        X87State x = cpu.state.x87;
        FpContext c = context(x);
        Operand.Mem m = (Operand.Mem) insn.operand(0);
        boolean empty = x.isEmpty(0);
        if (empty) c.raise(FpException.INVALID);
        byte[] b = PackedBcd.store(empty ? Float80.INDEFINITE : x.st(0), c);
        boolean suppressed = (c.unmaskedFlags() & FpException.INVALID) != 0;
        if (suppressed) checkWritable(cpu, m); else cpu.memory.write(address(cpu, m), b, 0, 10);
        recordInstruction(cpu, insn);
        if (empty) {
            stackUnderflow(x);
            if (suppressed) return;
        } else if (!account(x, c)) {
            return;
        }
        x.pop();
    }

    /**
     * FLD1...FLDZ. The constants are held with more bits than the register has and rounded per RC, as Intel
     * processors since the 486 do (FLDPI rounds down under RC = down or toward zero); no precision exception.
     */
    private static void registerConstants(HandlerTable table) {
        for (Transcendental.Constant k : Transcendental.Constant.values()) {
            table.register(k.operation, waiting((cpu, insn) -> {
                X87State x = cpu.state.x87;
                recordInstruction(cpu, insn);
                FpContext c = context(x);
                Float80 value = k.rounded(c.rounding);
                push(x, value, new FpContext(FpContext.Dialect.X87));
            }));
        }
    }

    private static void exchange(Cpu cpu, Instruction insn) {
        X87State x = cpu.state.x87;
        int i = insn.operands().isEmpty() ? 1 : stackIndex(insn.operand(0));
        recordInstruction(cpu, insn);
        Float80 a = x.st(0), b = x.st(i);
        if (x.isEmpty(0) || x.isEmpty(i)) {
            if (!stackUnderflow(x)) return;
            if (x.isEmpty(0)) a = Float80.INDEFINITE;
            if (x.isEmpty(i)) b = Float80.INDEFINITE;
        } else {
            x.setFlag(C1, false);
        }
        x.setSt(0, b);
        x.setSt(i, a);
    }

    // ---------------------------------------------------------------- arithmetic

    private static void arithmetic(HandlerTable table, String key, Extended.Arithmetic operation, boolean reverse, boolean pop) {
        table.register(key, waiting((cpu, insn) -> arithmetic(cpu, insn, operation, reverse, pop)));
    }

    /** dst = dst op src (reverse: src op dst), where a lone memory operand means dst = ST(0). */
    private static void arithmetic(Cpu cpu, Instruction insn, Extended.Arithmetic operation, boolean reverse, boolean pop) {
        X87State x = cpu.state.x87;
        FpContext c = context(x);
        int destination;
        FpValue source;
        boolean empty;
        if (insn.operands().size() == 1 && insn.operand(0) instanceof Operand.Mem m) {
            source = readSource(cpu, insn, m);
            destination = 0;
            empty = x.isEmpty(0);
        } else {
            destination = insn.operands().isEmpty() ? 1 : stackIndex(insn.operand(0));
            int sourceIndex = insn.operands().size() < 2 ? 0 : stackIndex(insn.operand(1));
            source = Extended.operand(x.st(sourceIndex));
            empty = x.isEmpty(destination) || x.isEmpty(sourceIndex);
        }
        recordInstruction(cpu, insn);
        if (empty) {
            if (!stackUnderflow(x)) return;
            x.setSt(destination, Float80.INDEFINITE);
        } else {
            FpValue d = Extended.operand(x.st(destination));
            Float80 result = reverse ? operation.apply(source, d, c) : operation.apply(d, source, c);
            if (!account(x, c)) return;
            x.setSt(destination, result);
        }
        if (pop) x.pop();
    }

    private static void unary(HandlerTable table, String key, BiFunction<Float80, FpContext, Float80> f) {
        table.register(key, waiting((cpu, insn) -> {
            X87State x = cpu.state.x87;
            recordInstruction(cpu, insn);
            if (x.isEmpty(0)) {
                if (stackUnderflow(x)) x.setSt(0, Float80.INDEFINITE);
                return;
            }
            FpContext c = context(x);
            Float80 result = f.apply(x.st(0), c);
            if (account(x, c)) x.setSt(0, result);
        }));
    }

    private static void signOperation(Cpu cpu, Instruction insn, UnaryOperator<Float80> f) {
        X87State x = cpu.state.x87;
        recordInstruction(cpu, insn);
        if (x.isEmpty(0)) {
            if (stackUnderflow(x)) x.setSt(0, Float80.INDEFINITE);
            return;
        }
        x.setFlag(C1, false);
        x.setSt(0, f.apply(x.st(0)));
    }

    /** FPATAN, FYL2X, FYL2XP1: ST(1) = f(ST(1), ST(0)), then pop. */
    private static void binaryPop(HandlerTable table, String key, Transcendental.Binary f) {
        table.register(key, waiting((cpu, insn) -> {
            X87State x = cpu.state.x87;
            recordInstruction(cpu, insn);
            if (x.isEmpty(0) || x.isEmpty(1)) {
                if (!stackUnderflow(x)) return;
                x.setSt(1, Float80.INDEFINITE);
            } else {
                FpContext c = context(x);
                Float80 result = f.apply(x.st(1), x.st(0), c);
                if (!account(x, c)) return;
                x.setSt(1, result);
            }
            x.pop();
        }));
    }

    private static void scale(Cpu cpu, Instruction insn) {
        X87State x = cpu.state.x87;
        recordInstruction(cpu, insn);
        if (x.isEmpty(0) || x.isEmpty(1)) {
            if (stackUnderflow(x)) x.setSt(0, Float80.INDEFINITE);
            return;
        }
        FpContext c = context(x);
        Float80 result = X87Special.scale(x.st(0), x.st(1), c);
        if (account(x, c)) x.setSt(0, result);
    }

    private static void extract(Cpu cpu, Instruction insn) {
        X87State x = cpu.state.x87;
        recordInstruction(cpu, insn);
        if (x.isEmpty(0)) {
            // measured: both results are the indefinite, pushed whether or not ST(7) is free
            if (!stackUnderflow(x)) return;
            x.setSt(0, Float80.INDEFINITE);
            x.push(Float80.INDEFINITE);
            return;
        }
        if (pushWouldOverflow(x)) {
            if (stackOverflow(x)) {
                x.setSt(0, Float80.INDEFINITE);
                x.push(Float80.INDEFINITE);
            }
            return;
        }
        FpContext c = context(x);
        Float80[] parts = X87Special.extract(x.st(0), c);
        if (!account(x, c)) return;
        x.setSt(0, parts[0]);
        x.push(parts[1]);
    }

    private static void remainder(Cpu cpu, Instruction insn, boolean ieee) {
        X87State x = cpu.state.x87;
        recordInstruction(cpu, insn);
        if (x.isEmpty(0) || x.isEmpty(1)) {
            // measured: C2 and C1 cleared, C0 and C3 left as they were
            x.setFlag(C2, false);
            if (stackUnderflow(x)) x.setSt(0, Float80.INDEFINITE);
            return;
        }
        FpContext c = context(x);
        X87Special.Remainder r = X87Special.remainder(x.st(0), x.st(1), ieee, c);
        if (!account(x, c)) {
            x.setFlag(C2, false);   // measured
            return;
        }
        x.setSt(0, r.value());
        if (!r.quotientValid()) {
            // measured: a NaN or invalid operand clears C2 and leaves C0, C1, C3 as they were
            x.setFlag(C2, false);
            return;
        }
        int q = r.quotientLowBits();
        x.setConditionCodes(!r.complete() ? C2
                : ((q & 4) != 0 ? C0 : 0) | ((q & 2) != 0 ? C3 : 0) | ((q & 1) != 0 ? C1 : 0));
    }

    private static void trigonometric(Cpu cpu, Instruction insn, Transcendental.Trig function) {
        X87State x = cpu.state.x87;
        recordInstruction(cpu, insn);
        x.setFlag(C2, false);   // measured: cleared in every case but an out-of-range operand
        boolean pushes = function.pushes();
        if (x.isEmpty(0)) {
            if (!stackUnderflow(x)) return;
            x.setSt(0, Float80.INDEFINITE);
            if (pushes) x.push(Float80.INDEFINITE);
            return;
        }
        if (pushes && pushWouldOverflow(x)) {
            if (stackOverflow(x)) {
                x.setSt(0, Float80.INDEFINITE);
                x.push(Float80.INDEFINITE);
            }
            return;
        }
        FpContext c = context(x);
        Transcendental.TrigResult r = Transcendental.evaluate(function, x.st(0), c);
        if (!account(x, c)) return;
        x.setFlag(C2, r.outOfRange());
        if (r.outOfRange()) return;
        x.setSt(0, r.first());
        if (pushes) x.push(r.second());
    }

    // ---------------------------------------------------------------- comparisons

    private static void compare(HandlerTable table, String key, boolean signaling, int pops) {
        table.register(key, waiting((cpu, insn) -> compare(cpu, insn, signaling, pops)));
    }

    private static void compare(Cpu cpu, Instruction insn, boolean signaling, int pops) {
        X87State x = cpu.state.x87;
        FpContext c = context(x);
        FpValue source;
        boolean empty = x.isEmpty(0);
        if (!insn.operands().isEmpty() && insn.operand(insn.operands().size() - 1) instanceof Operand.Mem m) {
            source = readSource(cpu, insn, m);
        } else {
            int i = insn.operands().isEmpty() ? 1 : stackIndex(insn.operand(insn.operands().size() - 1));
            empty |= x.isEmpty(i);
            source = Extended.operand(x.st(i));
        }
        recordInstruction(cpu, insn);
        Comparison result;
        if (empty) {
            if (!stackUnderflow(x)) {
                x.setConditionCodes(conditionCodes(Comparison.UNORDERED));
                return;
            }
            result = Comparison.UNORDERED;
        } else {
            result = Extended.compare(Extended.operand(x.st(0)), source, signaling, c);
            if (!account(x, c)) {
                // measured: a compare that traps (unmasked invalid or denormal) still sets the condition codes
                // (unordered, or the order of the values) and clears C1, but does not pop
                x.setConditionCodes(conditionCodes(result));
                return;
            }
        }
        x.setConditionCodes(conditionCodes(result));
        for (int i = 0; i < pops; i++) x.pop();
    }

    /** C3, C2, C0 of a comparison (C1 cleared). */
    static int conditionCodes(Comparison r) {
        return switch (r) {
            case GREATER -> 0;
            case LESS -> C0;
            case EQUAL -> C3;
            case UNORDERED -> C3 | C2 | C0;
        };
    }

    private static void test(Cpu cpu, Instruction insn) {
        X87State x = cpu.state.x87;
        recordInstruction(cpu, insn);
        Comparison result;
        if (x.isEmpty(0)) {
            if (!stackUnderflow(x)) {
                x.setConditionCodes(conditionCodes(Comparison.UNORDERED));
                return;
            }
            result = Comparison.UNORDERED;
        } else {
            FpContext c = context(x);
            result = Extended.compare(x.st(0), Float80.POSITIVE_ZERO, true, c);
            if (!account(x, c)) {
                x.setConditionCodes(conditionCodes(result));
                return;
            }
        }
        x.setConditionCodes(conditionCodes(result));
    }

    /** FXAM class codes as C3 C2 C0 (SDM vol. 2, FXAM); C1 is the sign. */
    private static void examine(Cpu cpu, Instruction insn) {
        X87State x = cpu.state.x87;
        recordInstruction(cpu, insn);
        Float80 v = x.st(0);
        int codes;
        if (x.isEmpty(0)) codes = C3 | C0;
        else codes = switch (Extended.kind(v)) {
            case UNSUPPORTED -> 0;
            case QNAN, SNAN -> C0;
            case INFINITY -> C2 | C0;
            case ZERO -> C3;
            case FINITE -> v.biasedExponent() == 0 ? C3 | C2 : C2;
        };
        x.setConditionCodes(codes | (v.negative() ? C1 : 0));
    }

    private static void compareToEflags(Cpu cpu, Instruction insn, boolean signaling, boolean pop) {
        X87State x = cpu.state.x87;
        int i = stackIndex(insn.operand(insn.operands().size() - 1));
        recordInstruction(cpu, insn);
        Comparison result;
        if (x.isEmpty(0) || x.isEmpty(i)) {
            if (!stackUnderflow(x)) {
                setComparisonFlags(cpu, Comparison.UNORDERED);
                return;
            }
            result = Comparison.UNORDERED;
        } else {
            FpContext c = context(x);
            result = Extended.compare(x.st(0), x.st(i), signaling, c);
            boolean c1 = x.flag(C1);
            c.roundedUp = c1;
            if (!account(x, c)) {
                x.setFlag(C1, c1);   // measured: FCOMI keeps C1 even when it traps
                setComparisonFlags(cpu, result);
                return;
            }
        }
        // measured: FCOMI leaves C1 as it was (only a stack underflow clears it)
        setComparisonFlags(cpu, result);
        if (pop) x.pop();
    }

    /** FCOMI family: ZF, PF, CF from the comparison; OF, SF, AF cleared. */
    private static void setComparisonFlags(Cpu cpu, Comparison result) {
        cpu.state.flags.setStatus(Eflags.STATUS, switch (result) {
            case GREATER -> 0;
            case LESS -> Eflags.CF;
            case EQUAL -> Eflags.ZF;
            case UNORDERED -> Eflags.ZF | Eflags.PF | Eflags.CF;
        });
    }

    private static void conditionalMove(Cpu cpu, Instruction insn) {
        X87State x = cpu.state.x87;
        int i = stackIndex(insn.operand(1));
        recordInstruction(cpu, insn);
        if (x.isEmpty(0) || x.isEmpty(i)) {
            if (stackUnderflow(x)) x.setSt(0, Float80.INDEFINITE);
            return;
        }
        if (cpu.state.flags.condition(insn.form().condition())) x.setSt(0, x.st(i));
    }

    // ---------------------------------------------------------------- control

    private static void loadControlWord(Cpu cpu, Instruction insn) {
        int word = Operands.read(cpu, insn.operand(0), 2);
        X87State x = cpu.state.x87;
        x.controlWord = word & X87State.CONTROL_WORD_WRITABLE | X87State.CONTROL_WORD_FIXED;
        x.updateErrorSummary();
    }

    private static void storeControlWord(Cpu cpu, Instruction insn) {
        Operands.write(cpu, insn.operand(0), 2, cpu.state.x87.controlWord);
    }

    private static void storeStatusWord(Cpu cpu, Instruction insn) {
        Operands.write(cpu, insn.operand(0), 2, cpu.state.x87.statusWord());
    }

    private static void clearExceptions(Cpu cpu, Instruction insn) {
        X87State x = cpu.state.x87;
        x.status &= ~(FpException.ALL | X87State.STACK_FAULT | X87State.ERROR_SUMMARY | X87State.BUSY);
    }

    private static void free(Cpu cpu, Instruction insn, boolean pop) {
        X87State x = cpu.state.x87;
        recordInstruction(cpu, insn);
        x.nonEmpty &= ~(1 << x.physical(stackIndex(insn.operand(0))));
        x.setFlag(C1, false);
        if (pop) x.pop();
    }

    private static void moveTop(Cpu cpu, Instruction insn, int delta) {
        X87State x = cpu.state.x87;
        recordInstruction(cpu, insn);
        x.top = (x.top + delta) & 7;
        x.setFlag(C1, false);
    }

}
