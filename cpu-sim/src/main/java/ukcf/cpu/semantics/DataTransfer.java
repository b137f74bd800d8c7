package ukcf.cpu.semantics;

import static ukcf.cpu.state.CpuState.EAX;
import static ukcf.cpu.state.CpuState.EBX;
import static ukcf.cpu.state.CpuState.EDX;

import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.Operand;
import ukcf.cpu.decode.RegisterBank;
import ukcf.cpu.decode.Segment;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.flags.Eflags;
import ukcf.cpu.flags.Width;
import ukcf.cpu.interp.HandlerTable;
import ukcf.cpu.interp.Operands;
import ukcf.cpu.state.CpuState;

/**
 * MOV family (incl. segment registers and moffs), MOVZX/MOVSX, XCHG, LEA, CMOVcc, CBW/CWDE, CWD/CDQ, LAHF/SAHF,
 * XLAT, and the far-pointer loads LDS/LES/LFS/LGS/LSS. (CMPXCHG, CMPXCHG8B and XADD compute, so they live in
 * {@link Arith}.)
 */
public final class DataTransfer {
    private DataTransfer() { }

    /** Byte register number of AH (AL, CL, DL, BL, AH...). */
    private static final int AH = 4;

    /** The EFLAGS bits LAHF/SAHF move: SF ZF AF PF CF (bit 1 reads as 1). */
    private static final int AH_FLAGS = Eflags.SF | Eflags.ZF | Eflags.AF | Eflags.PF | Eflags.CF;

    public static void register(HandlerTable table) {
        table.register("MOV", DataTransfer::executeMov);
        table.register("MOVZX", (cpu, insn) -> extend(cpu, insn, false));
        table.register("MOVSX", (cpu, insn) -> extend(cpu, insn, true));
        table.register("LEA", DataTransfer::executeLea);
        table.register("XCHG", DataTransfer::executeXchg);
        table.register("CMOVCC", DataTransfer::executeCmov);
        table.register("CBW", DataTransfer::executeCbw);
        table.register("CWD", DataTransfer::executeCwd);
        table.register("LAHF", (cpu, insn) -> Operands.writeGpr(cpu.state, AH, 1, cpu.state.flags.get() & 0xFF));
        table.register("SAHF", (cpu, insn) ->
                cpu.state.flags.setStatus(AH_FLAGS, Operands.readGpr(cpu.state, AH, 1)));
        table.register("XLAT", DataTransfer::executeXlat);
        table.register("MOVBE", DataTransfer::executeMovbe);
        table.register("LDS", (cpu, insn) -> loadFarPointer(cpu, insn, Segment.DS));
        table.register("LES", (cpu, insn) -> loadFarPointer(cpu, insn, Segment.ES));
        table.register("LFS", (cpu, insn) -> loadFarPointer(cpu, insn, Segment.FS));
        table.register("LGS", (cpu, insn) -> loadFarPointer(cpu, insn, Segment.GS));
        table.register("LSS", (cpu, insn) -> loadFarPointer(cpu, insn, Segment.SS));
    }

    private static boolean isBank(Operand operand, RegisterBank bank) {
        return operand instanceof Operand.Reg r && r.bank() == bank;
    }

    private static void executeMov(Cpu cpu, Instruction insn) {
        Operand destination = insn.operand(0), source = insn.operand(1);
        if (isBank(destination, RegisterBank.CONTROL) || isBank(destination, RegisterBank.DEBUG)
                || isBank(source, RegisterBank.CONTROL) || isBank(source, RegisterBank.DEBUG)) {
            if (cpu.state.cpl != 0) throw GuestFault.of(ExceptionVector.GP, "control register access at CPL " + cpu.state.cpl);
            throw GuestFault.of(ExceptionVector.UD, "control and debug registers are not modelled");
        }
        if (isBank(destination, RegisterBank.SEGMENT)) {
            Operands.writeSegment(cpu, destination, Operands.read(cpu, source, 2));
        } else if (isBank(source, RegisterBank.SEGMENT)) {
            // A segment register stored to memory is always a 16-bit write; into a 32-bit register, zero-extended.
            int selector = cpu.state.segmentSelector[((Operand.Reg) source).index()];
            Operands.write(cpu, destination, destination instanceof Operand.Mem ? 2 : Operands.sizeOf(insn, destination), selector);
        } else {
            int size = Operands.sizeOf(insn, destination);
            Operands.write(cpu, destination, size, Operands.read(cpu, source, size));
        }
    }

    private static void extend(Cpu cpu, Instruction insn, boolean signed) {
        Operand destination = insn.operand(0), source = insn.operand(1);
        int sourceSize = Operands.sizeOf(insn, source);
        int value = Operands.read(cpu, source, sourceSize);
        Operands.write(cpu, destination, Operands.sizeOf(insn, destination),
                signed ? Width.signExtend(value, sourceSize) : value);
    }

    private static void executeLea(Cpu cpu, Instruction insn) {
        Operand destination = insn.operand(0);
        int address = Operands.effectiveAddress(cpu.state, (Operand.Mem) insn.operand(1));
        Operands.write(cpu, destination, Operands.sizeOf(insn, destination), address);
    }

    /** XCHG: the memory side (if any) is a read-modify-write done before the register is written. */
    private static void executeXchg(Cpu cpu, Instruction insn) {
        Operand first = insn.operand(0), second = insn.operand(1);
        if (first instanceof Operand.Reg && second instanceof Operand.Mem) {
            Operand swap = first;
            first = second;
            second = swap;
        }
        int size = Operands.sizeOf(insn, first);
        int registerValue = Operands.read(cpu, second, size);
        int[] old = new int[1];
        ukcf.cpu.interp.Shapes.readModifyWrite(cpu, first, size, value -> {
            old[0] = value;
            return registerValue;
        });
        Operands.write(cpu, second, size, old[0]);
    }

    /** CMOVcc: the source is read (and may fault) whatever the condition; a false condition writes nothing. */
    private static void executeCmov(Cpu cpu, Instruction insn) {
        Operand destination = insn.operand(0);
        int size = Operands.sizeOf(insn, destination);
        int value = Operands.read(cpu, insn.operand(1), size);
        if (cpu.state.flags.condition(Conditions.of(insn))) Operands.write(cpu, destination, size, value);
    }

    /** CBW (16-bit: AX = sign-extended AL) / CWDE (32-bit: EAX = sign-extended AX). */
    private static void executeCbw(Cpu cpu, Instruction insn) {
        CpuState s = cpu.state;
        if (insn.operandSize() == 16) Operands.writeGpr(s, EAX, 2, (byte) s.gpr[EAX]);
        else s.gpr[EAX] = (short) s.gpr[EAX];
    }

    /** CWD (DX = sign of AX) / CDQ (EDX = sign of EAX). */
    private static void executeCwd(Cpu cpu, Instruction insn) {
        CpuState s = cpu.state;
        if (insn.operandSize() == 16) Operands.writeGpr(s, EDX, 2, ((short) s.gpr[EAX]) >> 15);
        else s.gpr[EDX] = s.gpr[EAX] >> 31;
    }

    /** MOVBE: a move that reverses the byte order (one operand is always memory). */
    private static void executeMovbe(Cpu cpu, Instruction insn) {
        Operand destination = insn.operand(0);
        int size = Operands.sizeOf(insn, destination);
        int value = Operands.read(cpu, insn.operand(1), size);
        int swapped = size == 4 ? Integer.reverseBytes(value) : Short.reverseBytes((short) value) & 0xFFFF;
        Operands.write(cpu, destination, size, swapped);
    }

    /** XLAT: AL = [segment:(E)BX + AL], the default segment DS overridable. */
    private static void executeXlat(Cpu cpu, Instruction insn) {
        CpuState s = cpu.state;
        int offset = (s.gpr[EBX] + (s.gpr[EAX] & 0xFF)) & Operands.addressMask(insn);
        int linear = s.segmentBase(Operands.dataSegment(insn)) + offset;
        Operands.writeGpr(s, EAX, 1, cpu.memory.read8(linear));
    }

    /** LDS/LES/LFS/LGS/LSS r, m16:16/m16:32: offset first in memory, then the selector. */
    private static void loadFarPointer(Cpu cpu, Instruction insn, Segment segment) {
        if (!(insn.operand(1) instanceof Operand.Mem m)) throw GuestFault.of(ExceptionVector.UD, "far pointer load needs memory");
        int size = Operands.operandBytes(insn);
        int linear = Operands.linearAddress(cpu.state, m);
        int offset = Operands.readMemory(cpu, linear, size);
        int selector = cpu.memory.read16(linear + size);
        Operands.loadSegment(cpu, segment, selector);
        Operands.write(cpu, insn.operand(0), size, offset);
    }
}
