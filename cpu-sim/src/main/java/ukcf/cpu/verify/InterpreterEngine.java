package ukcf.cpu.verify;

import java.util.List;
import java.util.Set;
import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Decoder;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.OpcodeForm;
import ukcf.cpu.decode.Operand;
import ukcf.cpu.decode.Prefix;
import ukcf.cpu.decode.Segment;
import ukcf.cpu.exec.Engines;
import ukcf.cpu.exec.ExecutionEngine;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.fault.SoftwareInterrupt;
import ukcf.cpu.flags.Eflags;
import ukcf.cpu.interp.HandlerTable;
import ukcf.cpu.interp.Interpreter;
import ukcf.cpu.interp.Operands;
import ukcf.cpu.memory.AddressSpace;
import ukcf.cpu.memory.PagedMemory;
import ukcf.cpu.memory.Privilege;
import ukcf.cpu.memory.Protection;
import ukcf.cpu.semantics.Semantics;
import ukcf.cpu.state.CpuState;
import ukcf.cpu.state.FxsaveImage;
import ukcf.cpu.translate.TranslatingEngine;
import ukcf.cpu.translate.TranslatorOptions;
import ukcf.cpu.verify.nativeharness.HarnessLayout;
import ukcf.cpu.verify.nativeharness.HarnessProgram;

/**
 * Runs a test case in cpu-sim's reference interpreter, or in another {@link ExecutionEngine} such as the
 * translator, with the harness's memory layout and Linux's user-mode segment selectors, and reports the outcome
 * in the same form as the native oracle. While it runs it tracks
 * which EFLAGS bits the last writer left undefined (from the opcode table, refined where the count decides:
 * a shift or rotate by 0 or a repeated compare with ECX 0 writes nothing, a shift by 1 defines OF, an 8- or
 * 16-bit SHL/SHR by the operand width or more leaves CF undefined) and whether a transcendental ran.
 *
 * <p>Another engine runs the case after the interpreter did: the notes come from the interpreter's
 * instruction-by-instruction run (they describe the instruction path, which the engine must follow too), the
 * state reported is the engine's alone, from a fresh load of the case.
 */
public final class InterpreterEngine implements Engine {
    /** Linux i386 user selectors (__USER_CS, __USER_DS); FS and GS are null until a program sets up TLS. */
    private static final int USER_CS = 0x23, USER_DS = 0x2B;
    /** A generated sequence never runs this long; more means a loop the generator did not intend. */
    private static final int STEP_LIMIT = 10_000;
    private static final Set<String> COUNTED_SHIFTS = Set.of("SHL", "SHR", "SAR", "ROL", "ROR", "RCL", "RCR", "SHLD", "SHRD");
    /**
     * Shifts whose CF the SDM leaves undefined when the masked count is at least the operand width (SHL/SAL, SHR:
     * "undefined for SHL and SHR instructions where the count is greater than or equal to the size (in bits) of
     * the destination operand"); only 8- and 16-bit operands can have such a count.
     */
    public static final Set<String> SHIFTS_WITH_CARRY_UNDEFINED_AT_FULL_WIDTH = Set.of("SHL", "SHR");
    private static final Set<String> REPEATED_COMPARES = Set.of("CMPS", "SCAS");

    private static final byte[] RETURN_JUMP = HarnessProgram.returnJump();

    private final AddressSpace space = new AddressSpace();
    private final PagedMemory memory = space.newView(Privilege.USER);
    private final Cpu cpu = new Cpu(memory, null);
    private final HandlerTable handlers = Semantics.all();
    private final Interpreter interpreter = new Interpreter(Decoder::decode);
    private final byte[] fxsave = new byte[FxsaveImage.SIZE];
    /** The engine under test when it is not the interpreter itself, else null. */
    private final ExecutionEngine engine;
    private Instruction current;
    /** The masked count of the current shift or rotate (-1: not one, or not known), and its operand width. */
    private int currentCount, currentWidthBits;

    public InterpreterEngine() {
        this("interp");
    }

    /** Runs cases in the engine {@link Engines#named} {@code engineName}. */
    public InterpreterEngine(String engineName) {
        // Each case runs once: the translator must translate it at once, or the interpreter would answer for it.
        engine = engineName.equals("interp") ? null : engineName.equals("dbt")
                ? new TranslatingEngine(TranslatorOptions.fromSystemProperties().withTranslateThreshold(1))
                : Engines.named(engineName);
        interpreter.setTrace((address, instruction) -> beforeInstruction(instruction));
        space.map(HarnessLayout.DATA_BASE, HarnessLayout.DATA_SIZE, Protection.USER_READ_WRITE);
        space.map(HarnessLayout.STACK_BASE, HarnessLayout.STACK_SIZE, Protection.USER_READ_WRITE);
        space.map(HarnessLayout.CODE_BASE, HarnessLayout.CODE_AREA_SIZE, Protection.ALL);
    }

    @Override
    public boolean implementsForm(OpcodeForm form) { return handlers.contains(form.operation()); }

    @Override
    public void run(TestCase c, MachineState out, Comparator.Execution notes) {
        out.clear();
        notes.clear();
        load(c);
        CpuState s = cpu.state;
        try {
            for (int steps = 0; s.eip != c.endAddress(); steps++) {
                if (steps == STEP_LIMIT) {
                    out.failure = "cpu-sim did not reach the end of the sequence in " + STEP_LIMIT + " instructions";
                    break;
                }
                current = null;
                interpreter.step(cpu);
                retire(notes);
            }
            out.eip = s.eip;
        } catch (GuestFault fault) {
            out.fault = fault.vector();
            out.eip = fault.hasEip() ? fault.eip() : s.eip;
            out.errorCode = fault.errorCode();
            out.faultAddress = fault.faultAddress();
        } catch (SoftwareInterrupt trap) {
            retire(notes);
            deliver(trap, out);
        } catch (RuntimeException e) {
            out.failure = "cpu-sim threw " + e;
            out.eip = s.eip;
        }
        store(out);
        if (engine != null && out.failure == null) runInEngine(c, out);
    }

    private void runInEngine(TestCase c, MachineState out) {
        out.clear();
        load(c);
        CpuState s = cpu.state;
        try {
            engine.runUntil(cpu, STEP_LIMIT, address -> address == c.endAddress());
            if (s.eip != c.endAddress()) {
                out.failure = engine.name() + " did not reach the end of the sequence in " + STEP_LIMIT + " instructions";
            }
            out.eip = s.eip;
        } catch (GuestFault fault) {
            out.fault = fault.vector();
            out.eip = fault.hasEip() ? fault.eip() : s.eip;
            out.errorCode = fault.errorCode();
            out.faultAddress = fault.faultAddress();
        } catch (SoftwareInterrupt trap) {
            deliver(trap, out);
        } catch (RuntimeException e) {
            out.failure = engine.name() + " threw " + e;
            out.eip = s.eip;
        }
        store(out);
    }

    /** What Linux does with INT n from user mode: INT3/INT 3 and INTO trap (EIP after), the rest #GP. */
    private static void deliver(SoftwareInterrupt trap, MachineState out) {
        if (trap.vector() == ExceptionVector.BP.number || trap.vector() == ExceptionVector.OF.number) {
            out.fault = trap.vector() == 3 ? ExceptionVector.BP : ExceptionVector.OF;
            out.eip = trap.returnAddress();
        } else {
            out.fault = ExceptionVector.GP;
            out.eip = trap.instructionAddress();
            out.errorCode = trap.vector() << 3 | 2;
        }
    }

    private void load(TestCase c) {
        space.writeHost(HarnessLayout.DATA_BASE, c.data(), 0, HarnessLayout.DATA_SIZE);
        space.writeHost(HarnessLayout.STACK_BASE, c.stack(), 0, HarnessLayout.STACK_SIZE);
        space.writeHost(HarnessLayout.CODE_BASE, c.code(), 0, c.code().length);
        space.writeHost(c.endAddress(), RETURN_JUMP, 0, RETURN_JUMP.length);
        CpuState s = cpu.state;
        System.arraycopy(c.gpr(), 0, s.gpr, 0, 8);
        s.eip = HarnessLayout.CODE_BASE;
        s.flags.set(c.eflags() | Eflags.IF);
        for (Segment segment : Segment.values()) {
            s.segmentSelector[segment.ordinal()] = switch (segment) {
                case CS -> USER_CS;
                case DS, ES, SS -> USER_DS;
                case FS, GS -> 0;
            };
            s.segmentBase[segment.ordinal()] = 0;
        }
        s.cpl = 3;
        s.halted = false;
        System.arraycopy(c.fxsave(), 0, fxsave, 0, fxsave.length);
        FxsaveImage.read(s, fxsave);
    }

    private void store(MachineState out) {
        CpuState s = cpu.state;
        System.arraycopy(s.gpr, 0, out.gpr, 0, 8);
        out.eflags = s.flags.get();
        FxsaveImage.write(s, fxsave);
        System.arraycopy(fxsave, 0, out.fxsave, 0, fxsave.length);
        space.readHost(HarnessLayout.DATA_BASE, out.data, 0, HarnessLayout.DATA_SIZE);
        space.readHost(HarnessLayout.STACK_BASE, out.stack, 0, HarnessLayout.STACK_SIZE);
    }

    private void beforeInstruction(Instruction instruction) {
        current = instruction;
        String operation = instruction.form().operation();
        if (COUNTED_SHIFTS.contains(operation)) {
            currentCount = maskedCount(instruction);
            currentWidthBits = 8 * operandBytes(instruction.operands().get(0));
        } else if (REPEATED_COMPARES.contains(operation) && instruction.has(Prefix.REP | Prefix.REPNE)) {
            int count = instruction.addressSize() == 16 ? cpu.state.gpr[CpuState.ECX] & 0xFFFF : cpu.state.gpr[CpuState.ECX];
            currentCount = count == 0 ? 0 : -1;   // a repeat count of 0 compares nothing and writes no flag
        } else {
            currentCount = -1;
        }
    }

    /** The masked count of a shift or rotate about to run: 0 writes no flag, 1 defines OF. */
    private int maskedCount(Instruction instruction) {
        List<String> specs = instruction.form().operandSpecs();
        if (specs.get(specs.size() - 1).equals("1")) return 1;
        Operand count = instruction.operands().get(instruction.operands().size() - 1);
        if (count instanceof Operand.Imm imm) return imm.value() & 0x1F;
        if (count instanceof Operand.Reg reg) return Operands.readGpr(cpu.state, reg.index(), 1) & 0x1F;
        return -1;
    }

    private static int operandBytes(Operand operand) {
        if (operand instanceof Operand.Reg reg) return reg.size();
        if (operand instanceof Operand.Mem mem) return mem.size();
        return 4;
    }

    /** The instruction completed: its flag effects update the undefined set. */
    private void retire(Comparator.Execution notes) {
        Instruction instruction = current;
        if (instruction == null) return;
        OpcodeForm form = instruction.form();
        if (Comparator.TRANSCENDENTALS.contains(form.operation())) notes.transcendental = true;
        if (Comparator.SSE_APPROXIMATIONS.contains(form.operation())) notes.sseApproximation = true;
        int written = form.flagsWritten(), undefined = form.flagsUndefined();
        if (currentCount == 0) return;
        if (currentCount == 1) {
            undefined &= ~Eflags.OF;
            written |= Eflags.OF;
        }
        if (SHIFTS_WITH_CARRY_UNDEFINED_AT_FULL_WIDTH.contains(form.operation()) && currentCount >= currentWidthBits) {
            undefined |= Eflags.CF;
        }
        notes.undefinedFlags = notes.undefinedFlags & ~(written | undefined) | undefined;
    }
}
