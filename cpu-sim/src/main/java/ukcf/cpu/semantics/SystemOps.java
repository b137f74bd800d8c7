package ukcf.cpu.semantics;

import static ukcf.cpu.state.CpuState.EAX;
import static ukcf.cpu.state.CpuState.EBX;
import static ukcf.cpu.state.CpuState.ECX;
import static ukcf.cpu.state.CpuState.EDX;

import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.Operand;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.flags.Eflags;
import ukcf.cpu.flags.LazyFlags;
import ukcf.cpu.interp.HandlerTable;
import ukcf.cpu.interp.InstructionHandler;
import ukcf.cpu.interp.Operands;
import ukcf.cpu.state.CpuState;

/**
 * CPUID, RDTSC, IN/OUT, CLI/STI/HLT, ARPL, NOP and hint NOPs, flag instructions.
 *
 * <p>Privilege: CLI/STI and port I/O need CPL <= IOPL (there is no TSS I/O bitmap, so otherwise #GP(0));
 * HLT needs CPL 0.
 */
public final class SystemOps {
    private SystemOps() { }

    /** CLD/STD: DF, the direction of string instructions. */
    public static void direction(LazyFlags flags, boolean down) {
        flags.setControl(Eflags.DF, down ? Eflags.DF : 0);
    }

    public static void register(HandlerTable table) {
        table.register("CLC", (cpu, insn) -> cpu.state.flags.setCarry(false));
        table.register("STC", (cpu, insn) -> cpu.state.flags.setCarry(true));
        table.register("CMC", (cpu, insn) -> cpu.state.flags.setCarry(!cpu.state.flags.carry()));
        table.register("CLD", (cpu, insn) -> direction(cpu.state.flags, false));
        table.register("STD", (cpu, insn) -> direction(cpu.state.flags, true));
        table.register("CLI", (cpu, insn) -> {
            checkIoPrivilege(cpu.state, -1);
            cpu.state.flags.setControl(Eflags.IF, 0);
        });
        table.register("STI", (cpu, insn) -> {
            checkIoPrivilege(cpu.state, -1);
            cpu.state.flags.setControl(Eflags.IF, Eflags.IF);
        });
        table.register("HLT", (cpu, insn) -> {
            if (cpu.state.cpl != 0) throw privileged("hlt");
            cpu.state.halted = true;
        });
        table.register("CPUID", SystemOps::executeCpuid);
        table.register("RDTSC", (cpu, insn) -> {
            cpu.state.gpr[EAX] = (int) cpu.state.timeStampCounter;
            cpu.state.gpr[EDX] = (int) (cpu.state.timeStampCounter >>> 32);
        });
        table.register("IN", SystemOps::executeIn);
        table.register("OUT", SystemOps::executeOut);
        table.register("ARPL", SystemOps::executeArpl);
        InstructionHandler nothing = (cpu, insn) -> { };
        // Cache and TLB maintenance have nothing to do in this model beyond the privilege check.
        for (String operation : new String[] {"CLTS", "INVD", "WBINVD", "INVLPG"}) {
            table.register(operation, (cpu, insn) -> requireKernel(cpu.state, insn));
        }
        // No model-specific or performance-monitoring register is modelled: reading or writing one is #GP(0).
        for (String operation : new String[] {"RDMSR", "WRMSR", "RDPMC"}) {
            table.register(operation, (cpu, insn) -> {
                requireKernel(cpu.state, insn);
                throw GuestFault.of(ExceptionVector.GP, String.format("%s of unmodelled register 0x%x",
                        insn.form().mnemonic(), cpu.state.gpr[ECX]));
            });
        }
        table.register("NOP", nothing);
        table.register("PAUSE", nothing);
        table.register("ENDBR32", nothing);
        table.register("ENDBR64", nothing);
    }

    private static GuestFault privileged(String what) {
        return GuestFault.of(ExceptionVector.GP, what + " needs more privilege");
    }

    private static void requireKernel(CpuState s, Instruction insn) {
        if (s.cpl != 0) throw privileged(insn.form().mnemonic());
    }

    /** #GP(0) unless CPL <= IOPL; {@code port} (or -1) only names the access in the message. */
    static void checkIoPrivilege(CpuState s, int port) {
        if (s.cpl > s.flags.iopl()) {
            throw privileged(port < 0 ? "interrupt flag change" : String.format("port 0x%04x access", port));
        }
    }

    private static void executeCpuid(Cpu cpu, Instruction insn) {
        CpuState s = cpu.state;
        CpuidTable.Leaf leaf = CpuidTable.standard().query(s.gpr[EAX]);
        s.gpr[EAX] = leaf.eax();
        s.gpr[EBX] = leaf.ebx();
        s.gpr[ECX] = leaf.ecx();
        s.gpr[EDX] = leaf.edx();
    }

    /** The port of IN/OUT: an 8-bit immediate or DX. */
    private static int port(Cpu cpu, Operand operand) {
        if (operand instanceof Operand.Imm i) return i.value() & 0xFF;
        return cpu.state.gpr[EDX] & 0xFFFF;
    }

    /** IN accumulator, port. */
    private static void executeIn(Cpu cpu, Instruction insn) {
        Operand accumulator = insn.operand(0);
        int size = Operands.sizeOf(insn, accumulator);
        int port = port(cpu, insn.operand(1));
        checkIoPrivilege(cpu.state, port);
        Operands.writeGpr(cpu.state, EAX, size, cpu.io.in(port, size));
    }

    /** OUT port, accumulator. */
    private static void executeOut(Cpu cpu, Instruction insn) {
        Operand accumulator = insn.operand(1);
        int size = Operands.sizeOf(insn, accumulator);
        int port = port(cpu, insn.operand(0));
        checkIoPrivilege(cpu.state, port);
        cpu.io.out(port, size, Operands.readGpr(cpu.state, EAX, size));
    }

    /** The requested-privilege-level field of a selector. */
    private static final int RPL_MASK = 3;

    /** ARPL r/m16, r16: raises the destination selector's RPL to the source's; ZF tells whether it did. */
    private static void executeArpl(Cpu cpu, Instruction insn) {
        Operand destination = insn.operand(0);
        int source = Operands.read(cpu, insn.operand(1), 2);
        ukcf.cpu.interp.Shapes.readModifyWrite(cpu, destination, 2, selector -> arpl(cpu.state.flags, selector, source));
    }

    public static int arpl(ukcf.cpu.flags.LazyFlags f, int selector, int source) {
        boolean raise = (selector & RPL_MASK) < (source & RPL_MASK);
        f.setStatus(Eflags.ZF, raise ? Eflags.ZF : 0);
        return raise ? (selector & ~RPL_MASK) | (source & RPL_MASK) : selector;
    }
}
