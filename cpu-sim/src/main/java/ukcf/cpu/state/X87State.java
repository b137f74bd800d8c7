package ukcf.cpu.state;

import java.util.Arrays;

import ukcf.cpu.fp.Float80;

/**
 * x87 FPU state: eight physical 80-bit registers, the control word, the status word (TOP kept apart in
 * {@link #top}), the tags, and the last-instruction pointers as FNSTENV/FXSAVE report them.
 *
 * <p>Tags: like every processor since the Pentium Pro, the FPU keeps only empty/non-empty per register (the
 * FXSAVE "abridged" tag, {@link #nonEmpty}); the two-bit tag word of FNSTENV/FNSAVE is computed from the register
 * contents ({@link #fullTagWord()}), and loading one ({@link #setFullTagWord}) only decides emptiness.
 */
public final class X87State {
    public static final int CONTROL_WORD_RESET = 0x037F;
    /** Control word bits that loads keep (masks, PC, RC, IC); bit 6 always reads as 1, bits 7 and 13-15 as 0. */
    public static final int CONTROL_WORD_WRITABLE = 0x1F3F;
    public static final int CONTROL_WORD_FIXED = 0x0040;

    /** Status word bits (SDM vol. 1, 8.1.3); the exception flags are {@link ukcf.cpu.fp.FpException} bits. */
    public static final int STACK_FAULT = 1 << 6;
    public static final int ERROR_SUMMARY = 1 << 7;
    public static final int C0 = 1 << 8;
    public static final int C1 = 1 << 9;
    public static final int C2 = 1 << 10;
    public static final int TOP_SHIFT = 11;
    public static final int TOP_MASK = 7 << TOP_SHIFT;
    public static final int C3 = 1 << 14;
    public static final int BUSY = 1 << 15;
    public static final int CONDITION_CODES = C0 | C1 | C2 | C3;

    /** Two-bit tags of the full tag word. */
    public static final int TAG_VALID = 0, TAG_ZERO = 1, TAG_SPECIAL = 2, TAG_EMPTY = 3;

    /** Physical registers R0-R7; ST(i) is {@code registers[(top + i) & 7]}. */
    public final Float80[] registers = new Float80[8];
    public int controlWord = CONTROL_WORD_RESET;
    /** Status word without TOP (bits 11-13 always clear here). */
    public int status;
    public int top;
    /** Bit i set: physical register i holds a value (the FXSAVE abridged tag). */
    public int nonEmpty;

    /** Last non-control instruction: offset and CS selector, 11-bit opcode, memory operand offset and selector. */
    public int lastInstructionPointer;
    public int lastInstructionSelector;
    public int lastOpcode;
    public int lastDataPointer;
    public int lastDataSelector;

    public X87State() {
        Arrays.fill(registers, Float80.POSITIVE_ZERO);
        initialize();
    }

    /** FNINIT: control word reset, status and tags cleared, pointers zeroed; register contents are kept. */
    public void initialize() {
        controlWord = CONTROL_WORD_RESET;
        status = 0;
        top = 0;
        nonEmpty = 0;
        lastInstructionPointer = lastInstructionSelector = lastOpcode = lastDataPointer = lastDataSelector = 0;
    }

    public int physical(int stackIndex) { return (top + stackIndex) & 7; }

    public Float80 st(int i) { return registers[physical(i)]; }

    public boolean isEmpty(int i) { return (nonEmpty & (1 << physical(i))) == 0; }

    /** Writes ST(i) and marks it non-empty. */
    public void setSt(int i, Float80 value) {
        int p = physical(i);
        registers[p] = value;
        nonEmpty |= 1 << p;
    }

    public void push(Float80 value) {
        top = (top - 1) & 7;
        setSt(0, value);
    }

    /** Marks ST(0) empty and increments TOP. */
    public void pop() {
        nonEmpty &= ~(1 << top);
        top = (top + 1) & 7;
    }

    /** The architectural status word, TOP included. */
    public int statusWord() { return (status & ~TOP_MASK) | (top << TOP_SHIFT); }

    public void setStatusWord(int value) {
        status = value & ~TOP_MASK & 0xFFFF;
        top = (value & TOP_MASK) >> TOP_SHIFT;
    }

    public boolean flag(int bit) { return (status & bit) != 0; }

    public void setFlag(int bit, boolean on) { status = on ? status | bit : status & ~bit; }

    /** Sets C0-C3 to {@code codes} (other bits ignored). */
    public void setConditionCodes(int codes) { status = (status & ~CONDITION_CODES) | (codes & CONDITION_CODES); }

    /** Recomputes ES and B from the pending exception flags and the masks (after the masks or flags change). */
    public void updateErrorSummary() {
        boolean pending = (status & ~controlWord & 0x3F) != 0;
        status = pending ? status | ERROR_SUMMARY | BUSY : status & ~(ERROR_SUMMARY | BUSY);
    }

    /** The FXSAVE abridged tag byte: bit i set for non-empty physical register i. */
    public int abridgedTag() { return nonEmpty & 0xFF; }

    /** The 16-bit tag word of FNSTENV/FNSAVE, two bits per physical register, classified from the contents. */
    public int fullTagWord() {
        int word = 0;
        for (int p = 0; p < 8; p++) word |= tagOf(p) << (2 * p);
        return word;
    }

    /** Loads a full tag word: a register is empty exactly when its tag is 11. */
    public void setFullTagWord(int word) {
        nonEmpty = 0;
        for (int p = 0; p < 8; p++) if (((word >> (2 * p)) & 3) != TAG_EMPTY) nonEmpty |= 1 << p;
    }

    private int tagOf(int p) {
        if ((nonEmpty & (1 << p)) == 0) return TAG_EMPTY;
        Float80 v = registers[p];
        int exponent = v.biasedExponent();
        if (exponent == 0x7FFF) return TAG_SPECIAL;
        if (exponent == 0) return v.significand() == 0 ? TAG_ZERO : TAG_SPECIAL;
        return v.significand() < 0 ? TAG_VALID : TAG_SPECIAL;
    }
}
