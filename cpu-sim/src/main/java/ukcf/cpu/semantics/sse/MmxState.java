package ukcf.cpu.semantics.sse;

import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.Operand;
import ukcf.cpu.decode.RegisterBank;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.fp.Float80;
import ukcf.cpu.interp.InstructionHandler;
import ukcf.cpu.state.X87State;

/**
 * The MMX registers, which alias the x87 registers (SDM vol. 1, 9.5): MMn is the significand of physical
 * register Rn, and writing it sets that register's sign and exponent to all ones. Every instruction with an MMX
 * register operand first raises #MF if an unmasked x87 exception is pending, and on completion switches the FPU
 * to MMX mode: TOP = 0 and every register tagged valid. EMMS tags them all empty again, also with TOP = 0
 * (SDM vol. 1, table 9-3; native).
 */
public final class MmxState {
    private MmxState() { }

    private static final int ALL_ONES_SIGN_EXPONENT = 0xFFFF;

    static long read(X87State x87, int n) { return x87.registers[n].significand(); }

    static void write(X87State x87, int n, long value) { x87.registers[n] = new Float80(ALL_ONES_SIGN_EXPONENT, value); }

    static boolean isMmx(Operand operand) { return operand instanceof Operand.Reg r && r.bank() == RegisterBank.MMX; }

    static boolean usesMmx(Instruction insn) {
        for (Operand operand : insn.operands()) if (isMmx(operand)) return true;
        return false;
    }

    /**
     * Wraps a handler shared by SSE and MMX forms with the x87/MMX transition, applied only when the decoded
     * form names an MMX register. A memory fault leaves the FPU as it was; a SIMD floating-point exception
     * (#XM, from CVTPI2PS and the other conversions) comes after the transition, as on the native CPU (measured).
     */
    static InstructionHandler withMmxTransition(InstructionHandler handler) {
        return (cpu, insn) -> {
            if (!usesMmx(insn)) {
                handler.execute(cpu, insn);
                return;
            }
            checkPendingX87Exception(cpu);
            try {
                handler.execute(cpu, insn);
            } catch (GuestFault fault) {
                if (fault.vector() == ExceptionVector.XM) enterMmxState(cpu.state.x87);
                throw fault;
            }
            enterMmxState(cpu.state.x87);
        };
    }

    private static void enterMmxState(X87State x87) {
        x87.top = 0;
        x87.nonEmpty = 0xFF;
    }

    /** EMMS: every x87 register tagged empty, and TOP = 0 as on the oracle processor (measured). */
    static void emptyMmxState(Cpu cpu, Instruction insn) {
        checkPendingX87Exception(cpu);
        cpu.state.x87.nonEmpty = 0;
        cpu.state.x87.top = 0;
    }

    private static void checkPendingX87Exception(Cpu cpu) {
        if (cpu.state.x87.flag(X87State.ERROR_SUMMARY)) {
            throw GuestFault.of(ExceptionVector.MF,
                    String.format("pending x87 exception, status word 0x%04x", cpu.state.x87.statusWord()));
        }
    }
}
