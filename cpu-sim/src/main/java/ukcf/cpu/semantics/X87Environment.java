package ukcf.cpu.semantics;

import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.Operand;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.fp.Float80;
import ukcf.cpu.fp.FpException;
import ukcf.cpu.interp.HandlerTable;
import ukcf.cpu.interp.Operands;
import ukcf.cpu.memory.Access;
import ukcf.cpu.state.FxsaveImage;
import ukcf.cpu.state.X87State;

/**
 * Saving and restoring the FPU: FNSTENV/FLDENV (environment), FNSAVE/FRSTOR (environment + registers) in the
 * protected-mode layouts (32-bit, or 16-bit under a 66 prefix; SDM vol. 1, figures 8-9 and 8-10), and
 * FXSAVE/FXRSTOR through {@link FxsaveImage}. The unused upper halves of the 32-bit layout read as 0xFFFF, as
 * the processor writes them.
 */
final class X87Environment {
    private X87Environment() { }

    /** Environment field offsets of one layout. */
    private record Layout(int size, int control, int status, int tag, int instructionPointer, int instructionSelector,
                          int dataPointer, int dataSelector, boolean wide) { }

    private static final Layout PROTECTED_32 = new Layout(28, 0, 4, 8, 12, 16, 20, 24, true);
    private static final Layout PROTECTED_16 = new Layout(14, 0, 2, 4, 6, 8, 10, 12, false);
    private static final int REGISTER_BYTES = 10;

    static void register(HandlerTable table) {
        table.register("FNSTENV", X87Environment::storeEnvironment);
        table.register("FSTENV", X87.waiting(X87Environment::storeEnvironment));
        table.register("FLDENV", X87.waiting(X87Environment::loadEnvironment));
        table.register("FNSAVE", X87Environment::save);
        table.register("FSAVE", X87.waiting(X87Environment::save));
        table.register("FRSTOR", X87.waiting(X87Environment::restore));
        table.register("FXSAVE", X87Environment::fxsave);
        table.register("FXRSTOR", X87Environment::fxrstor);
    }

    private static Layout layout(Instruction insn) { return insn.operandSize() == 16 ? PROTECTED_16 : PROTECTED_32; }

    private static int address(Cpu cpu, Instruction insn) {
        return Operands.linearAddress(cpu.state, (Operand.Mem) insn.operand(0));
    }

    private static void writeEnvironment(X87State x, Layout l, byte[] b) {
        int upper = l.wide ? 0xFFFF0000 : 0;
        putField(b, l, l.control, upper | x.controlWord);
        putField(b, l, l.status, upper | x.statusWord());
        putField(b, l, l.tag, upper | x.fullTagWord());
        putField(b, l, l.instructionPointer, x.lastInstructionPointer);
        putField(b, l, l.instructionSelector, x.lastInstructionSelector | (l.wide ? x.lastOpcode << 16 : 0));
        putField(b, l, l.dataPointer, x.lastDataPointer);
        putField(b, l, l.dataSelector, upper | x.lastDataSelector);
    }

    private static void readEnvironment(X87State x, Layout l, byte[] b) {
        x.controlWord = getField(b, l, l.control) & X87State.CONTROL_WORD_WRITABLE | X87State.CONTROL_WORD_FIXED;
        x.setStatusWord(getField(b, l, l.status) & 0xFFFF);
        x.setFullTagWord(getField(b, l, l.tag) & 0xFFFF);
        x.lastInstructionPointer = getField(b, l, l.instructionPointer) & (l.wide ? -1 : 0xFFFF);
        int selector = getField(b, l, l.instructionSelector);
        x.lastInstructionSelector = selector & 0xFFFF;
        x.lastOpcode = l.wide ? (selector >>> 16) & 0x7FF : 0;
        x.lastDataPointer = getField(b, l, l.dataPointer) & (l.wide ? -1 : 0xFFFF);
        x.lastDataSelector = getField(b, l, l.dataSelector) & 0xFFFF;
        x.updateErrorSummary();
    }

    /**
     * Checks single bytes of a state area, in the given order, before the area's all-or-nothing access, so the #PF
     * names the byte the host CPU reports. This mirrors the order measured on the host (never a partial write):
     * FXSAVE/FXRSTOR report the last byte when its page faults, else the first; FNSAVE/FRSTOR/FLDENV/FNSTENV
     * report the first byte when its page faults, else the last byte (not the start of its page).
     */
    private static void probe(Cpu cpu, Access access, int... bytes) {
        for (int at : bytes) cpu.memory.probe(at, 1, access);
    }

    /** The x87 save-area order: first byte, then last byte. */
    private static void probeArea(Cpu cpu, Access access, int at, int size) {
        probe(cpu, access, at, at + size - 1);
    }

    private static void putField(byte[] b, Layout l, int at, int value) {
        b[at] = (byte) value;
        b[at + 1] = (byte) (value >>> 8);
        if (l.wide) {
            b[at + 2] = (byte) (value >>> 16);
            b[at + 3] = (byte) (value >>> 24);
        }
    }

    private static int getField(byte[] b, Layout l, int at) {
        int v = (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
        if (l.wide) v |= (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
        return v;
    }

    /** FNSTENV: stores the environment, then masks every exception. */
    private static void storeEnvironment(Cpu cpu, Instruction insn) {
        X87State x = cpu.state.x87;
        Layout l = layout(insn);
        byte[] b = new byte[l.size];
        writeEnvironment(x, l, b);
        int at = address(cpu, insn);
        probeArea(cpu, Access.WRITE, at, b.length);
        cpu.memory.write(at, b, 0, b.length);
        x.controlWord |= FpException.ALL;
        x.updateErrorSummary();
    }

    private static void loadEnvironment(Cpu cpu, Instruction insn) {
        Layout l = layout(insn);
        byte[] b = new byte[l.size];
        int at = address(cpu, insn);
        probeArea(cpu, Access.READ, at, b.length);
        cpu.memory.read(at, b, 0, b.length);
        readEnvironment(cpu.state.x87, l, b);
    }

    /** FNSAVE: environment and ST(0)..ST(7), then FNINIT. */
    private static void save(Cpu cpu, Instruction insn) {
        X87State x = cpu.state.x87;
        Layout l = layout(insn);
        byte[] b = new byte[l.size + 8 * REGISTER_BYTES];
        writeEnvironment(x, l, b);
        for (int i = 0; i < 8; i++) x.st(i).toBytes(b, l.size + REGISTER_BYTES * i);
        int at = address(cpu, insn);
        probeArea(cpu, Access.WRITE, at, b.length);
        cpu.memory.write(at, b, 0, b.length);
        x.initialize();
    }

    private static void restore(Cpu cpu, Instruction insn) {
        X87State x = cpu.state.x87;
        Layout l = layout(insn);
        byte[] b = new byte[l.size + 8 * REGISTER_BYTES];
        int at = address(cpu, insn);
        probeArea(cpu, Access.READ, at, b.length);
        cpu.memory.read(at, b, 0, b.length);
        readEnvironment(x, l, b);
        for (int i = 0; i < 8; i++) x.registers[x.physical(i)] = Float80.fromBytes(b, l.size + REGISTER_BYTES * i);
    }

    private static int alignedImageAddress(Cpu cpu, Instruction insn) {
        int at = address(cpu, insn);
        if ((at & 15) != 0) {
            throw GuestFault.of(ExceptionVector.GP, String.format("%s: save area 0x%08x not 16-byte aligned",
                    insn.form().mnemonic(), at));
        }
        return at;
    }

    private static void fxsave(Cpu cpu, Instruction insn) {
        int at = alignedImageAddress(cpu, insn);
        byte[] image = new byte[FxsaveImage.SIZE];
        FxsaveImage.write(cpu.state, image);
        probe(cpu, Access.WRITE, at + FxsaveImage.SIZE - 1);
        cpu.memory.write(at, image, 0, FxsaveImage.LEGACY_SIZE);
    }

    private static void fxrstor(Cpu cpu, Instruction insn) {
        int at = alignedImageAddress(cpu, insn);
        byte[] image = new byte[FxsaveImage.SIZE];
        probe(cpu, Access.READ, at + FxsaveImage.SIZE - 1);
        cpu.memory.read(at, image, 0, FxsaveImage.SIZE);
        FxsaveImage.read(cpu.state, image);
    }
}
