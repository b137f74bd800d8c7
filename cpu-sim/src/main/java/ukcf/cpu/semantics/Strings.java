package ukcf.cpu.semantics;

import static ukcf.cpu.memory.AddressSpace.PAGE_OFFSET_MASK;
import static ukcf.cpu.memory.AddressSpace.PAGE_SIZE;
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
 *
 * <p>Repeated forward MOVS and STOS with 32-bit addresses move whole runs at once: as many elements as stay inside
 * one source and one destination page, each run checked before a byte moves (all-or-nothing, so a fault leaves the
 * state of the run's first iteration, the one that faults element by element). A forward MOVS whose destination
 * starts less than a run after its source reads bytes that the same instruction wrote, so its run ends where the
 * destination begins; what does not fit a run (an element across a page end) goes element by element.
 */
public final class Strings {
    private Strings() { }

    /** One iteration of a string instruction. */
    @FunctionalInterface
    private interface Iteration {
        void run(Cpu cpu, Instruction insn, int elementSize, int step);
    }

    /** Several iterations at once: returns the elements moved (0: none fit a run, take one iteration). */
    @FunctionalInterface
    private interface Run {
        int move(Cpu cpu, Instruction insn, int elementSize, long elements);
    }

    public static void register(HandlerTable table) {
        table.register("MOVS", repeated(Strings::movs, Strings::movsRun, false));
        table.register("CMPS", repeated(Strings::cmps, null, true));
        table.register("SCAS", repeated(Strings::scas, null, true));
        table.register("LODS", repeated(Strings::lods, null, false));
        table.register("STOS", repeated(Strings::stos, Strings::stosRun, false));
        table.register("INS", repeated(Strings::ins, null, false));
        table.register("OUTS", repeated(Strings::outs, null, false));
    }

    private static ukcf.cpu.interp.InstructionHandler repeated(Iteration iteration, Run run, boolean comparing) {
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
            boolean runs = run != null && step > 0 && mask == -1;
            boolean started = false;
            try {
                while ((s.gpr[ECX] & mask) != 0) {
                    if (runs) {
                        int moved = run.move(cpu, insn, size, Integer.toUnsignedLong(s.gpr[ECX]));
                        if (moved > 0) {
                            started = true;
                            s.gpr[ECX] -= moved;
                            continue;
                        }
                    }
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

    /** Bytes of a run of whole elements from {@code address} to its page end, at most {@code elements}. */
    private static int runBytes(int address, int size, long elements) {
        long bytes = Math.min(elements * size, PAGE_SIZE - (address & PAGE_OFFSET_MASK));
        return (int) (bytes - bytes % size);
    }

    private static int movsRun(Cpu cpu, Instruction insn, int size, long elements) {
        int source = sourceAddress(cpu, insn), destination = destinationAddress(cpu, insn);
        int bytes = Math.min(runBytes(source, size, elements), runBytes(destination, size, elements));
        long ahead = Integer.toUnsignedLong(destination - source);
        if (ahead > 0 && ahead < bytes) bytes = (int) (ahead - ahead % size);
        if (bytes < size) return 0;
        byte[] buffer = new byte[bytes];
        cpu.memory.read(source, buffer, 0, bytes);
        cpu.memory.write(destination, buffer, 0, bytes);
        cpu.state.gpr[ESI] += bytes;
        cpu.state.gpr[EDI] += bytes;
        return bytes / size;
    }

    private static int stosRun(Cpu cpu, Instruction insn, int size, long elements) {
        int destination = destinationAddress(cpu, insn);
        int bytes = runBytes(destination, size, elements);
        if (bytes < size) return 0;
        byte[] buffer = new byte[bytes];
        int value = cpu.state.gpr[EAX];
        for (int i = 0; i < bytes; i++) buffer[i] = (byte) (value >>> (8 * (i % size)));
        cpu.memory.write(destination, buffer, 0, bytes);
        cpu.state.gpr[EDI] += bytes;
        return bytes / size;
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
