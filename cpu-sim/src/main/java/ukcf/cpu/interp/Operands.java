package ukcf.cpu.interp;

import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.Operand;
import ukcf.cpu.decode.RegisterBank;
import ukcf.cpu.decode.Segment;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.flags.Width;
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

    /**
     * The read half of a read-modify-write: hardware performs it with write intent, so a page fault on it
     * reports a write access (error code W set), exactly as a fault on the write would.
     */
    public static int readForWrite(Cpu cpu, int linear, int size) {
        try {
            return readMemory(cpu, linear, size);
        } catch (GuestFault fault) {
            throw asWriteFault(fault);
        }
    }

    /** 64-bit {@link #readForWrite} (CMPXCHG8B). */
    public static long readForWrite64(Cpu cpu, int linear) {
        try {
            return cpu.memory.read64(linear);
        } catch (GuestFault fault) {
            throw asWriteFault(fault);
        }
    }

    /** A fault of the read half of a read-modify-write, reported as the write access it is (see {@link #readForWrite}). */
    public static GuestFault asWriteFault(GuestFault fault) {
        if (fault.vector() != ExceptionVector.PF) return fault;
        return GuestFault.pageFault(fault.faultAddress(), fault.errorCode() | GuestFault.PF_WRITE);
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

    /** Reads an operand whose size is the operand's own (register or memory) or the instruction's operand size. */
    public static int read(Cpu cpu, Instruction instruction, int operandIndex) {
        Operand operand = instruction.operand(operandIndex);
        return read(cpu, operand, sizeOf(instruction, operand));
    }

    /** Size in bytes of an integer operand: its own size, else (immediates, sizeless memory) the operand size. */
    public static int sizeOf(Instruction instruction, Operand operand) {
        if (operand instanceof Operand.Reg r) return r.size();
        if (operand instanceof Operand.Mem m && m.size() > 0) return m.size();
        return instruction.operandSize() / 8;
    }

    /** The instruction's operand size in bytes (2 or 4). */
    public static int operandBytes(Instruction instruction) { return instruction.operandSize() / 8; }

    /** True if {@code operand} is a general-purpose register. */
    public static boolean isGpr(Operand operand) {
        return operand instanceof Operand.Reg r && r.bank() == RegisterBank.GPR;
    }

    /** A shift or rotate count operand: CL, an immediate, or the implicit 1 when the form lists none. */
    public static int count(Cpu cpu, Instruction instruction, int operandIndex) {
        if (instruction.operands().size() <= operandIndex) return 1;
        Operand operand = instruction.operand(operandIndex);
        if (operand instanceof Operand.Imm i) return i.value() & 0xFF;
        return read(cpu, operand, 1);
    }

    // ---- segments ----

    /** The segment a string source or XLAT uses: the override, else DS. */
    public static Segment dataSegment(Instruction instruction) {
        Segment override = instruction.segmentOverride();
        return override != null ? override : Segment.DS;
    }

    /** Loads a segment register: selector and the base the descriptor table gives it. CS cannot be a MOV target. */
    public static void loadSegment(Cpu cpu, Segment segment, int selector) {
        selector &= 0xFFFF;
        int base = cpu.descriptors.base(selector);
        cpu.state.segmentSelector[segment.ordinal()] = selector;
        cpu.state.segmentBase[segment.ordinal()] = base;
    }

    /** Writes a segment register operand (MOV Sreg, POP Sreg); CS is not writable this way (#UD). */
    public static void writeSegment(Cpu cpu, Operand operand, int selector) {
        Operand.Reg r = (Operand.Reg) operand;
        Segment segment = Segment.ofEncoding(r.index());
        if (segment == Segment.CS) throw GuestFault.of(ExceptionVector.UD, "segment register CS is not writable");
        loadSegment(cpu, segment, selector);
    }

    // ---- the stack (32-bit stack segment: ESP addresses it) ----

    public static int stackAddress(CpuState s, int offset) {
        return s.segmentBase[Segment.SS.ordinal()] + s.gpr[CpuState.ESP] + offset;
    }

    /** Pushes {@code size} bytes; ESP changes only after the write succeeded. */
    public static void push(Cpu cpu, int size, int value) {
        CpuState s = cpu.state;
        writeMemory(cpu, stackAddress(s, -size), size, value);
        s.gpr[CpuState.ESP] -= size;
    }

    /** Pops {@code size} bytes (zero-extended); ESP changes only after the read succeeded. */
    public static int pop(Cpu cpu, int size) {
        CpuState s = cpu.state;
        int value = readMemory(cpu, stackAddress(s, 0), size);
        s.gpr[CpuState.ESP] += size;
        return value;
    }

    /** Reads the stack {@code offset} bytes above ESP without popping. */
    public static int peek(Cpu cpu, int offset, int size) {
        return readMemory(cpu, stackAddress(cpu.state, offset), size);
    }

    /** Mask of a memory operand's address size (16 or 32 bits). */
    public static int addressMask(Operand.Mem m) { return m.addressSize() == 16 ? 0xFFFF : 0xFFFFFFFF; }

    /** Truncates an address-size-dependent register value (SI/DI/CX under a 67 prefix). */
    public static int addressMask(Instruction instruction) {
        return instruction.addressSize() == 16 ? 0xFFFF : 0xFFFFFFFF;
    }

    /** Zero-extends {@code value} of {@code size} bytes. */
    public static int truncate(int value, int size) { return value & Width.mask(size); }
}
