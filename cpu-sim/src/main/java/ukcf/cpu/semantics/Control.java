package ukcf.cpu.semantics;

import static ukcf.cpu.state.CpuState.ECX;
import static ukcf.cpu.state.CpuState.ESP;

import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.Operand;
import ukcf.cpu.decode.Segment;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.fault.SoftwareInterrupt;
import ukcf.cpu.flags.Width;
import ukcf.cpu.interp.HandlerTable;
import ukcf.cpu.interp.InstructionHandler;
import ukcf.cpu.interp.Operands;
import ukcf.cpu.state.CpuState;

/**
 * JMP/Jcc/CALL/RET near and far, LOOP/JECXZ, INT/INT3/INTO, BOUND, UD2.
 *
 * <p>Far transfers follow the flat model: a far JMP/CALL loads the CS selector (its base from the descriptor
 * hook) and EIP; RETF and IRET pop them and, when the popped CS has a numerically higher RPL than the CPL,
 * also pop ESP and SS and drop to that privilege (the only inter-privilege case a kernel needs). Software
 * interrupts are reported as {@link SoftwareInterrupt} after the instruction completed.
 */
public final class Control {
    private Control() { }

    private static final int RPL_MASK = 3;

    public static void register(HandlerTable table) {
        table.register("JMP", (cpu, insn) -> cpu.state.eip = nearTarget(cpu, insn));
        table.register("JMPF", Control::executeJmpf);
        table.register("CALL", Control::executeCall);
        table.register("CALLF", Control::executeCallf);
        table.register("RET", Control::executeRet);
        table.register("RETF", Control::executeRetf);
        table.register("IRET", Control::executeIret);
        table.register("JCC", (cpu, insn) -> {
            if (cpu.state.flags.condition(Conditions.of(insn))) cpu.state.eip = target(insn);
        });
        table.register("LOOP", (cpu, insn) -> loop(cpu, insn, LoopCondition.ALWAYS));
        table.register("LOOPE", (cpu, insn) -> loop(cpu, insn, LoopCondition.WHILE_EQUAL));
        table.register("LOOPNE", (cpu, insn) -> loop(cpu, insn, LoopCondition.WHILE_NOT_EQUAL));
        InstructionHandler jumpIfCountZero = (cpu, insn) -> {
            if ((cpu.state.gpr[ECX] & Operands.addressMask(insn)) == 0) cpu.state.eip = target(insn);
        };
        table.register("JECXZ", jumpIfCountZero);
        table.register("INT", (cpu, insn) -> {
            throw softwareInterrupt(insn, ((Operand.Imm) insn.operand(0)).value() & 0xFF);
        });
        table.register("INT3", (cpu, insn) -> { throw softwareInterrupt(insn, ExceptionVector.BP.number); });
        table.register("INT1", (cpu, insn) -> { throw softwareInterrupt(insn, ExceptionVector.DB.number); });
        table.register("INTO", (cpu, insn) -> {
            if (cpu.state.flags.overflow()) throw softwareInterrupt(insn, ExceptionVector.OF.number);
        });
        InstructionHandler undefined = (cpu, insn) -> {
            throw GuestFault.of(ExceptionVector.UD, insn.form().mnemonic());
        };
        table.register("UD2", undefined);
        table.register("UD1", undefined);
        table.register("UD0", undefined);
        table.register("BOUND", Control::executeBound);
    }

    private static SoftwareInterrupt softwareInterrupt(Instruction insn, int vector) {
        return new SoftwareInterrupt(vector, insn.address(), insn.nextAddress());
    }

    /** A relative target already resolved by the decoder. */
    private static int target(Instruction insn) { return ((Operand.Rel) insn.operand(0)).target(); }

    /** Near target of JMP/CALL: relative, or a register/memory operand of the operand size. */
    private static int nearTarget(Cpu cpu, Instruction insn) {
        Operand operand = insn.operand(0);
        if (operand instanceof Operand.Rel r) return r.target();
        return Operands.read(cpu, operand, Operands.operandBytes(insn));
    }

    /** Selector and offset of a far JMP/CALL: immediate pointer or m16:16/m16:32 (offset first). */
    private static Operand.Far farTarget(Cpu cpu, Instruction insn) {
        Operand operand = insn.operand(0);
        if (operand instanceof Operand.Far f) return f;
        Operand.Mem m = (Operand.Mem) operand;
        int size = Operands.operandBytes(insn);
        int linear = Operands.linearAddress(cpu.state, m);
        int offset = Operands.readMemory(cpu, linear, size);
        return new Operand.Far(cpu.memory.read16(linear + size), offset);
    }

    private static void executeJmpf(Cpu cpu, Instruction insn) {
        Operand.Far far = farTarget(cpu, insn);
        Operands.loadSegment(cpu, Segment.CS, far.selector());
        cpu.state.eip = far.offset() & Width.mask(Operands.operandBytes(insn));
    }

    /** CALL: the target is read before the return address is pushed (CALL [ESP] uses the old ESP). */
    private static void executeCall(Cpu cpu, Instruction insn) {
        int target = nearTarget(cpu, insn);
        Operands.push(cpu, Operands.operandBytes(insn), cpu.state.eip);
        cpu.state.eip = target;
    }

    /** CALLF: pushes CS then the return EIP (operand-size slots), then loads CS:EIP. */
    private static void executeCallf(Cpu cpu, Instruction insn) {
        CpuState s = cpu.state;
        int size = Operands.operandBytes(insn);
        Operand.Far far = farTarget(cpu, insn);
        Operands.push(cpu, size, s.segmentSelector[Segment.CS.ordinal()]);
        Operands.push(cpu, size, s.eip);
        Operands.loadSegment(cpu, Segment.CS, far.selector());
        s.eip = far.offset() & Width.mask(size);
    }

    /** Bytes RET/RETF release after popping (their imm16), 0 when absent. */
    private static int releasedBytes(Instruction insn) {
        return insn.operands().isEmpty() ? 0 : ((Operand.Imm) insn.operand(0)).value() & 0xFFFF;
    }

    private static void executeRet(Cpu cpu, Instruction insn) {
        CpuState s = cpu.state;
        int target = Operands.pop(cpu, Operands.operandBytes(insn));
        s.gpr[ESP] += releasedBytes(insn);
        s.eip = target;
    }

    private static void executeRetf(Cpu cpu, Instruction insn) {
        CpuState s = cpu.state;
        int size = Operands.operandBytes(insn);
        int offset = Operands.peek(cpu, 0, size);
        int selector = Operands.peek(cpu, size, size) & 0xFFFF;
        int released = releasedBytes(insn);
        if ((selector & RPL_MASK) > s.cpl) {
            int newEsp = Operands.peek(cpu, 2 * size + released, size);
            int newSs = Operands.peek(cpu, 3 * size + released, size);
            // The immediate releases parameters from both stacks (SDM RET, "return to outer privilege").
            changePrivilege(cpu, selector, newEsp + released, newSs);
        } else {
            Operands.loadSegment(cpu, Segment.CS, selector);
            s.gpr[ESP] += 2 * size + released;
        }
        s.eip = offset;
    }

    private static void executeIret(Cpu cpu, Instruction insn) {
        CpuState s = cpu.state;
        int size = Operands.operandBytes(insn);
        int offset = Operands.peek(cpu, 0, size);
        int selector = Operands.peek(cpu, size, size) & 0xFFFF;
        int image = Operands.peek(cpu, 2 * size, size);
        if ((selector & RPL_MASK) > s.cpl) {
            int newEsp = Operands.peek(cpu, 3 * size, size);
            int newSs = Operands.peek(cpu, 4 * size, size);
            Stack.loadFlags(s, image, size);
            changePrivilege(cpu, selector, newEsp, newSs);
        } else {
            Stack.loadFlags(s, image, size);
            Operands.loadSegment(cpu, Segment.CS, selector);
            s.gpr[ESP] += 3 * size;
        }
        s.eip = offset;
    }

    /** Loads CS, SS, ESP and the CPL together; both descriptors are looked up before anything changes. */
    private static void changePrivilege(Cpu cpu, int codeSelector, int esp, int stackSelector) {
        CpuState s = cpu.state;
        int codeBase = cpu.descriptors.base(codeSelector & 0xFFFF);
        int stackBase = cpu.descriptors.base(stackSelector & 0xFFFF);
        s.segmentSelector[Segment.CS.ordinal()] = codeSelector & 0xFFFF;
        s.segmentBase[Segment.CS.ordinal()] = codeBase;
        s.segmentSelector[Segment.SS.ordinal()] = stackSelector & 0xFFFF;
        s.segmentBase[Segment.SS.ordinal()] = stackBase;
        s.cpl = codeSelector & RPL_MASK;
        s.gpr[ESP] = esp;
    }

    private enum LoopCondition { ALWAYS, WHILE_EQUAL, WHILE_NOT_EQUAL }

    /** LOOPcc: (E)CX per the address size is decremented without touching flags. */
    private static void loop(Cpu cpu, Instruction insn, LoopCondition condition) {
        CpuState s = cpu.state;
        int mask = Operands.addressMask(insn);
        int count = (s.gpr[ECX] - 1) & mask;
        s.gpr[ECX] = (s.gpr[ECX] & ~mask) | count;
        boolean taken = count != 0 && switch (condition) {
            case ALWAYS -> true;
            case WHILE_EQUAL -> s.flags.zero();
            case WHILE_NOT_EQUAL -> !s.flags.zero();
        };
        if (taken) s.eip = target(insn);
    }

    /** BOUND r, m: #BR unless lower <= r <= upper (signed, both bounds read from memory). */
    private static void executeBound(Cpu cpu, Instruction insn) {
        int size = Operands.operandBytes(insn);
        int index = Width.signExtend(Operands.read(cpu, insn.operand(0), size), size);
        if (!(insn.operand(1) instanceof Operand.Mem m)) throw GuestFault.of(ExceptionVector.UD, "bound needs memory");
        int linear = Operands.linearAddress(cpu.state, m);
        int lower = Width.signExtend(Operands.readMemory(cpu, linear, size), size);
        int upper = Width.signExtend(Operands.readMemory(cpu, linear + size, size), size);
        if (index < lower || index > upper) throw GuestFault.of(ExceptionVector.BR, "index out of bounds");
    }
}
