package ukcf.cpu.semantics;

import static ukcf.cpu.state.CpuState.EAX;
import static ukcf.cpu.state.CpuState.ECX;
import static ukcf.cpu.state.CpuState.EDI;
import static ukcf.cpu.state.CpuState.EDX;
import static ukcf.cpu.state.CpuState.ESI;

import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.Operand;
import ukcf.cpu.decode.Prefix;
import ukcf.cpu.decode.Segment;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.interp.HandlerTable;
import ukcf.cpu.interp.Operands;
import ukcf.cpu.interp.RepeatInterrupted;
import ukcf.cpu.state.CpuState;

/**
 * MOVS/CMPS/SCAS/LODS/STOS/INS/OUTS with REP/REPE/REPNE.
 *
 * <p>The source is {@code seg:(E)SI} with DS overridable, the destination always {@code ES:(E)DI}; the address
 * size selects SI/DI/CX (upper halves kept) or ESI/EDI/ECX. Each iteration updates the registers only after its
 * memory accesses succeeded, so a fault in iteration k leaves the state of iteration k and is reported through
 * {@link RepeatInterrupted} (restartable, as on hardware).
 */
public final class Strings {
    private Strings() { }

    /** One iteration of a string instruction. */
    @FunctionalInterface
    private interface Iteration {
        void run(Cpu cpu, Instruction insn, int elementSize, int step);
    }

    public static void register(HandlerTable table) {
        table.register("MOVS", repeated(Strings::movs, false));
        table.register("CMPS", repeated(Strings::cmps, true));
        table.register("SCAS", repeated(Strings::scas, true));
        table.register("LODS", repeated(Strings::lods, false));
        table.register("STOS", repeated(Strings::stos, false));
        table.register("INS", repeated(Strings::ins, false));
        table.register("OUTS", repeated(Strings::outs, false));
    }

    private static ukcf.cpu.interp.InstructionHandler repeated(Iteration iteration, boolean comparing) {
        return (cpu, insn) -> {
            int size = elementSize(insn);
            int step = cpu.state.flags.direction() ? -size : size;
            boolean repeatWhileEqual = insn.has(Prefix.REP), repeatWhileNotEqual = insn.has(Prefix.REPNE);
            if (!repeatWhileEqual && !repeatWhileNotEqual) {
                iteration.run(cpu, insn, size, step);
                return;
            }
            CpuState s = cpu.state;
            int mask = Operands.addressMask(insn);
            boolean started = false;
            try {
                while ((s.gpr[ECX] & mask) != 0) {
                    iteration.run(cpu, insn, size, step);
                    started = true;
                    s.gpr[ECX] = (s.gpr[ECX] & ~mask) | ((s.gpr[ECX] - 1) & mask);
                    if (comparing && (repeatWhileEqual ? !s.flags.zero() : s.flags.zero())) break;
                }
            } catch (GuestFault fault) {
                if (started) throw new RepeatInterrupted(fault);
                throw fault;
            }
        };
    }

    /** Element size: from the operands the decoder gives, else from the SDM operand codes (Xb/Yb/AL = 1 byte). */
    static int elementSize(Instruction insn) {
        for (Operand operand : insn.operands()) {
            if (operand instanceof Operand.Mem m && m.size() > 0) return m.size();
        }
        for (String spec : insn.form().operandSpecs()) {
            if (spec.equals("AL") || ((spec.startsWith("X") || spec.startsWith("Y")) && spec.endsWith("b"))) return 1;
        }
        return Operands.operandBytes(insn);
    }

    private static int sourceAddress(Cpu cpu, Instruction insn) {
        return cpu.state.segmentBase(Operands.dataSegment(insn)) + (cpu.state.gpr[ESI] & Operands.addressMask(insn));
    }

    private static int destinationAddress(Cpu cpu, Instruction insn) {
        return cpu.state.segmentBase(Segment.ES) + (cpu.state.gpr[EDI] & Operands.addressMask(insn));
    }

    private static void advance(CpuState s, int register, Instruction insn, int step) {
        int mask = Operands.addressMask(insn);
        s.gpr[register] = (s.gpr[register] & ~mask) | ((s.gpr[register] + step) & mask);
    }

    private static void movs(Cpu cpu, Instruction insn, int size, int step) {
        int value = Operands.readMemory(cpu, sourceAddress(cpu, insn), size);
        Operands.writeMemory(cpu, destinationAddress(cpu, insn), size, value);
        advance(cpu.state, ESI, insn, step);
        advance(cpu.state, EDI, insn, step);
    }

    /**
     * CMPS compares source minus destination. It reads ES:EDI first, as the oracle CPU does (measured: with both
     * operands unmapped, #PF reports the EDI address; the SDM leaves the order open).
     */
    private static void cmps(Cpu cpu, Instruction insn, int size, int step) {
        int destination = Operands.readMemory(cpu, destinationAddress(cpu, insn), size);
        int source = Operands.readMemory(cpu, sourceAddress(cpu, insn), size);
        Arith.sub(cpu.state.flags, source, destination, size);
        advance(cpu.state, ESI, insn, step);
        advance(cpu.state, EDI, insn, step);
    }

    private static void scas(Cpu cpu, Instruction insn, int size, int step) {
        int destination = Operands.readMemory(cpu, destinationAddress(cpu, insn), size);
        Arith.sub(cpu.state.flags, Operands.readGpr(cpu.state, EAX, size), destination, size);
        advance(cpu.state, EDI, insn, step);
    }

    private static void lods(Cpu cpu, Instruction insn, int size, int step) {
        int value = Operands.readMemory(cpu, sourceAddress(cpu, insn), size);
        Operands.writeGpr(cpu.state, EAX, size, value);
        advance(cpu.state, ESI, insn, step);
    }

    private static void stos(Cpu cpu, Instruction insn, int size, int step) {
        Operands.writeMemory(cpu, destinationAddress(cpu, insn), size, Operands.readGpr(cpu.state, EAX, size));
        advance(cpu.state, EDI, insn, step);
    }

    private static void ins(Cpu cpu, Instruction insn, int size, int step) {
        int port = cpu.state.gpr[EDX] & 0xFFFF;
        SystemOps.checkIoPrivilege(cpu.state, port);
        int address = destinationAddress(cpu, insn);
        // Probe the destination first: the port read has side effects a page fault could not undo.
        Operands.writeMemory(cpu, address, size, Operands.readMemory(cpu, address, size));
        Operands.writeMemory(cpu, address, size, cpu.io.in(port, size));
        advance(cpu.state, EDI, insn, step);
    }

    private static void outs(Cpu cpu, Instruction insn, int size, int step) {
        int port = cpu.state.gpr[EDX] & 0xFFFF;
        SystemOps.checkIoPrivilege(cpu.state, port);
        cpu.io.out(port, size, Operands.readMemory(cpu, sourceAddress(cpu, insn), size));
        advance(cpu.state, ESI, insn, step);
    }
}
