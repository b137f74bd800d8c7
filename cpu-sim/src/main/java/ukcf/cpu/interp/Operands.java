package ukcf.cpu.interp;

import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Operand;
import ukcf.cpu.decode.RegisterBank;
import ukcf.cpu.state.CpuState;

/**
 * Operand fetch and writeback shared by every handler, so that handlers only compute. Integer values travel as
 * {@code int}, zero-extended from their size (1, 2 or 4 bytes).
 */
public final class Operands {
    private Operands() { }

    /** Linear address of a memory operand: segment base + effective address (wrapped to the address size). */
    public static int linearAddress(CpuState s, Operand.Mem m) {
        return s.segmentBase[m.segment().ordinal()] + effectiveAddress(s, m);
    }

    /** Effective address (offset within the segment), as LEA computes it. */
    public static int effectiveAddress(CpuState s, Operand.Mem m) {
        int ea = m.displacement();
        if (m.base() >= 0) ea += s.gpr[m.base()];
        if (m.index() >= 0) ea += s.gpr[m.index()] * m.scale();
        return m.addressSize() == 16 ? ea & 0xFFFF : ea;
    }

    public static int readGpr(CpuState s, int index, int size) {
        switch (size) {
            case 4: return s.gpr[index];
            case 2: return s.gpr[index] & 0xFFFF;
            default: return index < 4 ? s.gpr[index] & 0xFF : (s.gpr[index - 4] >>> 8) & 0xFF;
        }
    }

    public static void writeGpr(CpuState s, int index, int size, int value) {
        switch (size) {
            case 4: s.gpr[index] = value; break;
            case 2: s.gpr[index] = (s.gpr[index] & 0xFFFF0000) | (value & 0xFFFF); break;
            default:
                if (index < 4) s.gpr[index] = (s.gpr[index] & 0xFFFFFF00) | (value & 0xFF);
                else s.gpr[index - 4] = (s.gpr[index - 4] & 0xFFFF00FF) | ((value & 0xFF) << 8);
        }
    }

    public static int readMemory(Cpu cpu, int linear, int size) {
        switch (size) {
            case 4: return cpu.memory.read32(linear);
            case 2: return cpu.memory.read16(linear);
            default: return cpu.memory.read8(linear);
        }
    }

    public static void writeMemory(Cpu cpu, int linear, int size, int value) {
        switch (size) {
            case 4: cpu.memory.write32(linear, value); break;
            case 2: cpu.memory.write16(linear, value); break;
            default: cpu.memory.write8(linear, value);
        }
    }

    /** Reads an integer operand (GPR, segment register, memory or immediate) of {@code size} bytes. */
    public static int read(Cpu cpu, Operand operand, int size) {
        if (operand instanceof Operand.Reg r) {
            if (r.bank() == RegisterBank.GPR) return readGpr(cpu.state, r.index(), size);
            if (r.bank() == RegisterBank.SEGMENT) return cpu.state.segmentSelector[r.index()];
            throw new IllegalArgumentException("not an integer register: " + r);
        }
        if (operand instanceof Operand.Mem m) return readMemory(cpu, linearAddress(cpu.state, m), size);
        if (operand instanceof Operand.Imm i) return size == 4 ? i.value() : i.value() & ((1 << (size * 8)) - 1);
        throw new IllegalArgumentException("not readable as an integer: " + operand);
    }

    public static void write(Cpu cpu, Operand operand, int size, int value) {
        if (operand instanceof Operand.Reg r && r.bank() == RegisterBank.GPR) {
            writeGpr(cpu.state, r.index(), size, value);
        } else if (operand instanceof Operand.Mem m) {
            writeMemory(cpu, linearAddress(cpu.state, m), size, value);
        } else {
            throw new IllegalArgumentException("not writable as an integer: " + operand);
        }
    }
}
