package ukcf.user.process;

import java.io.PrintStream;
import ukcf.cpu.decode.Decoder;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.disasm.AttSyntax;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.fault.SoftwareInterrupt;

/**
 * A guest killed by a signal (a fault with no handler installed, or a default action): the signal Linux's trap handlers
 * send for each exception (arch/x86/kernel/traps.c), a one-line report, and the shell's exit status 128 + N.
 */
final class FaultReport {
    static final int SIGILL = 4, SIGTRAP = 5, SIGBUS = 7, SIGFPE = 8, SIGSEGV = 11;

    private FaultReport() { }

    static int signalFor(ExceptionVector vector) {
        return switch (vector) {
            case DE, MF, XM -> SIGFPE;
            case UD -> SIGILL;
            case BP, DB -> SIGTRAP;
            case AC -> SIGBUS;
            default -> SIGSEGV;
        };
    }

    static String signalName(int signal) { return ukcf.user.syscall.Arg.signalName(signal); }

    static int killByFault(GuestProcess process, GuestFault fault, PrintStream messages) {
        return kill(process, signalFor(fault.vector()), fault.getMessage(), messages);
    }

    /** INT n other than the system call vector: INT3 is SIGTRAP, any other gate is a #GP in Linux (SIGSEGV). */
    static int killBySoftwareInterrupt(GuestProcess process, SoftwareInterrupt trap, PrintStream messages) {
        process.cpu().state.eip = trap.instructionAddress();
        int signal = trap.vector() == ExceptionVector.BP.number ? SIGTRAP : SIGSEGV;
        return kill(process, signal, trap.getMessage(), messages);
    }

    static int kill(GuestProcess process, int signal, String cause, PrintStream messages) {
        int eip = process.cpu().state.eip;
        String instruction;
        try {
            Instruction decoded = Decoder.decode(process.cpu().memory, eip);
            instruction = AttSyntax.format(decoded, process.symbols());
        } catch (GuestFault unreadable) {
            instruction = "(instruction unreadable)";
        }
        String symbol = process.symbols().symbolize(eip);
        messages.printf("ukcf: guest killed by %s at eip 0x%08x%s: %s  [%s]%n", signalName(signal), eip,
                symbol == null ? "" : " <" + symbol + ">", instruction, cause);
        return 128 + signal;
    }
}
