package ukcf.cpu.semantics;

import static ukcf.cpu.state.CpuState.EBP;
import static ukcf.cpu.state.CpuState.ESP;

import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.Operand;
import ukcf.cpu.decode.RegisterBank;
import ukcf.cpu.flags.Eflags;
import ukcf.cpu.interp.HandlerTable;
import ukcf.cpu.interp.Operands;
import ukcf.cpu.state.CpuState;

/**
 * PUSH/POP, PUSHA/POPA, PUSHF/POPF, ENTER/LEAVE. The stack segment is 32-bit (ESP addresses it); the operand
 * size (66 prefix) selects 2- or 4-byte pushes.
 */
public final class Stack {
    private Stack() { }

    /** Bits POPF/IRET never change: VM, VIP, VIF (and RF, which they clear). */
    private static final int NEVER_POPPED = Eflags.VM | Eflags.VIP | Eflags.VIF | Eflags.RF;

    public static void register(HandlerTable table) {
        table.register("PUSH", Stack::executePush);
        table.register("POP", Stack::executePop);
        table.register("PUSHA", Stack::executePusha);
        table.register("POPA", Stack::executePopa);
        table.register("PUSHF", (cpu, insn) -> Operands.push(cpu, Operands.operandBytes(insn),
                cpu.state.flags.get() & ~(Eflags.VM | Eflags.RF)));
        table.register("POPF", (cpu, insn) -> {
            int size = Operands.operandBytes(insn);
            int value = Operands.pop(cpu, size);
            loadFlags(cpu.state, value, size);
        });
        table.register("ENTER", Stack::executeEnter);
        table.register("LEAVE", Stack::executeLeave);
    }

    private static boolean isSegment(Operand operand) {
        return operand instanceof Operand.Reg r && r.bank() == RegisterBank.SEGMENT;
    }

    /**
     * PUSH: ESP is read before it is decremented (PUSH ESP stores the old value). A segment register under a
     * 32-bit operand size is pushed zero-extended; the SDM also allows a 16-bit write (recent Intel CPUs), but
     * the oracle CPU (AMD) writes all four bytes.
     */
    private static void executePush(Cpu cpu, Instruction insn) {
        int size = Operands.operandBytes(insn);
        Operands.push(cpu, size, Operands.read(cpu, insn.operand(0), size));
    }

    /** POP: ESP is incremented before a memory destination's address is computed (SDM POP). */
    private static void executePop(Cpu cpu, Instruction insn) {
        Operand destination = insn.operand(0);
        int size = Operands.operandBytes(insn);
        int value = Operands.pop(cpu, size);
        if (isSegment(destination)) Operands.writeSegment(cpu, destination, value);
        else Operands.write(cpu, destination, size, value);
    }

    private static void executePusha(Cpu cpu, Instruction insn) {
        CpuState s = cpu.state;
        int size = Operands.operandBytes(insn);
        int originalEsp = s.gpr[ESP];
        for (int register = 0; register < 8; register++) {
            int value = register == ESP ? originalEsp : s.gpr[register];
            Operands.writeMemory(cpu, Operands.stackAddress(s, -size * (register + 1)), size, value);
        }
        s.gpr[ESP] = originalEsp - 8 * size;
    }

    /** POPA: EDI, ESI, EBP, (ESP slot skipped), EBX, EDX, ECX, EAX. */
    private static void executePopa(Cpu cpu, Instruction insn) {
        CpuState s = cpu.state;
        int size = Operands.operandBytes(insn);
        int[] values = new int[8];
        for (int register = 0; register < 8; register++) {
            values[register] = Operands.peek(cpu, size * (7 - register), size);
        }
        for (int register = 0; register < 8; register++) {
            if (register != ESP) Operands.writeGpr(s, register, size, values[register]);
        }
        s.gpr[ESP] += 8 * size;
    }

    /**
     * Loads EFLAGS from a POPF/IRET image under the SDM's privilege rules: IOPL changes only at CPL 0, IF only
     * when CPL <= IOPL (otherwise silently kept); VM/VIP/VIF are kept and RF is cleared. A 16-bit image
     * changes only the low word.
     */
    public static void loadFlags(CpuState s, int image, int size) {
        int changeable = ~NEVER_POPPED;
        if (s.cpl > 0) changeable &= ~Eflags.IOPL;
        if (s.cpl > s.flags.iopl()) changeable &= ~Eflags.IF;
        if (size == 2) changeable &= 0xFFFF;
        int current = s.flags.get() & ~Eflags.RF;
        s.flags.set((current & ~changeable) | (image & changeable));
    }

    /** ENTER imm16, imm8: frame of {@code size} bytes, display of {@code level mod 32} frame pointers. */
    private static void executeEnter(Cpu cpu, Instruction insn) {
        CpuState s = cpu.state;
        int frameSize = ((Operand.Imm) insn.operand(0)).value() & 0xFFFF;
        int level = ((Operand.Imm) insn.operand(1)).value() & 0x1F;
        int size = Operands.operandBytes(insn);
        int esp = s.gpr[ESP];
        int ssBase = s.segmentBase[ukcf.cpu.decode.Segment.SS.ordinal()];
        esp -= size;
        Operands.writeMemory(cpu, ssBase + esp, size, s.gpr[EBP]);
        int frame = esp;
        if (level > 0) {
            int framePointer = s.gpr[EBP];
            for (int i = 1; i < level; i++) {
                framePointer -= size;
                esp -= size;
                Operands.writeMemory(cpu, ssBase + esp, size, Operands.readMemory(cpu, ssBase + framePointer, size));
            }
            esp -= size;
            Operands.writeMemory(cpu, ssBase + esp, size, frame);
        }
        s.gpr[EBP] = frame;
        s.gpr[ESP] = esp - frameSize;
    }

    /** LEAVE: ESP = EBP, then pop the frame pointer. */
    private static void executeLeave(Cpu cpu, Instruction insn) {
        CpuState s = cpu.state;
        int size = Operands.operandBytes(insn);
        int framePointer = s.gpr[EBP];
        int saved = Operands.readMemory(cpu, s.segmentBase[ukcf.cpu.decode.Segment.SS.ordinal()] + framePointer, size);
        s.gpr[ESP] = framePointer + size;
        Operands.writeGpr(s, EBP, size, saved);
    }
}
