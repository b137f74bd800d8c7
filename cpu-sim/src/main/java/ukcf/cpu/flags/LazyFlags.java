package ukcf.cpu.flags;

import static ukcf.cpu.flags.Eflags.AF;
import static ukcf.cpu.flags.Eflags.CF;
import static ukcf.cpu.flags.Eflags.OF;
import static ukcf.cpu.flags.Eflags.PF;
import static ukcf.cpu.flags.Eflags.SF;
import static ukcf.cpu.flags.Eflags.ZF;

/**
 * EFLAGS with the six status flags computed lazily, in the manner of QEMU's CC_OP: a flag-setting operation
 * records its kind, width, operands and result; CF/PF/AF/ZF/SF/OF are derived only when read, and the common
 * reads (ZF, CF, a Jcc condition after CMP) have direct paths that never build the whole word.
 *
 * <p>Operations that change only some status flags (rotates, BT, BSF, CLC...) first materialize the current
 * status and then overwrite the bits they define ({@link #setStatus}). Every other EFLAGS bit (DF, IF, IOPL...)
 * is kept eagerly in {@code control}. Values are stored truncated to the operation's width.
 *
 * <p>Flags the SDM leaves undefined get a convenient value, where cheap the one the oracle CPU produces (AF after
 * logic is 0, after shifts 1; MUL leaves SF/ZF/AF/PF unchanged); the opcode table lists
 * them so comparisons ignore them.
 */
public final class LazyFlags {
    /** Status is {@code extra} verbatim. */
    private static final int EXPLICIT = 0;
    private static final int ADD = 1, ADC = 2, SUB = 3, SBB = 4;
    /** AND/OR/XOR/TEST: CF = OF = 0. */
    private static final int LOGIC = 5;
    /** INC/DEC keep CF, held in {@code extra}. */
    private static final int INC = 6, DEC = 7;
    /** NEG: {@code first} is the source. */
    private static final int NEG = 8;
    /** Shifts: CF, OF and AF given in {@code extra}, SF/ZF/PF from the result. */
    private static final int SHIFT = 9;

    /** Every bit a program can observe: the architectural EFLAGS bits of an IA-32 CPU (bit 1 reads as 1). */
    public static final int DEFINED_BITS = Eflags.STATUS | Eflags.FIXED_1 | Eflags.TF | Eflags.IF | Eflags.DF
            | Eflags.IOPL | Eflags.NT | Eflags.RF | Eflags.VM | Eflags.AC | Eflags.VIF | Eflags.VIP | Eflags.ID;

    private int kind = EXPLICIT;
    private int size = 4;
    private int first, second, result;
    private int extra;
    private int control = Eflags.FIXED_1 | Eflags.IF;

    // ---- recording flag-setting operations (values may be passed untruncated) ----

    public void afterAdd(int size, int a, int b, int result) { record(ADD, size, a, b, result, 0); }

    public void afterAdc(int size, int a, int b, boolean carryIn, int result) {
        record(ADC, size, a, b, result, carryIn ? 1 : 0);
    }

    public void afterSub(int size, int a, int b, int result) { record(SUB, size, a, b, result, 0); }

    public void afterSbb(int size, int a, int b, boolean borrowIn, int result) {
        record(SBB, size, a, b, result, borrowIn ? 1 : 0);
    }

    public void afterLogic(int size, int result) { record(LOGIC, size, 0, 0, result, 0); }

    public void afterInc(int size, int result) { record(INC, size, 0, 0, result, carry() ? CF : 0); }

    public void afterDec(int size, int result) { record(DEC, size, 0, 0, result, carry() ? CF : 0); }

    public void afterNeg(int size, int source, int result) { record(NEG, size, source, 0, result, 0); }

    /**
     * A shift by a nonzero count: CF and OF as given, SF/ZF/PF from {@code result}. AF is undefined in the SDM;
     * the oracle CPU sets it, and so do we.
     */
    public void afterShift(int size, int result, boolean carry, boolean overflow) {
        record(SHIFT, size, 0, 0, result, (carry ? CF : 0) | (overflow ? OF : 0) | AF);
    }

    private void record(int kind, int size, int a, int b, int result, int extra) {
        int mask = Width.mask(size);
        this.kind = kind;
        this.size = size;
        this.first = a & mask;
        this.second = b & mask;
        this.result = result & mask;
        this.extra = extra;
    }

    /** Replaces the status flags selected by {@code mask} with those of {@code values}; the others keep their value. */
    public void setStatus(int mask, int values) {
        int status = status();
        extra = (status & ~mask) | (values & mask & Eflags.STATUS);
        kind = EXPLICIT;
    }

    public void setCarry(boolean carry) { setStatus(CF, carry ? CF : 0); }

    // ---- reading ----

    /** The whole EFLAGS register, as PUSHF stores it. */
    public int get() { return control | status(); }

    /** Loads EFLAGS (POPF, SAHF, IRET after the caller has applied privilege rules); bit 1 stays set. */
    public void set(int eflags) {
        kind = EXPLICIT;
        extra = eflags & Eflags.STATUS;
        control = (eflags & DEFINED_BITS & ~Eflags.STATUS) | Eflags.FIXED_1;
    }

    /** The six status flags. */
    public int status() {
        if (kind == EXPLICIT) return extra;
        return (carry() ? CF : 0) | parityOf(result) | auxiliary() | (result == 0 ? ZF : 0)
                | ((result & Width.signBit(size)) != 0 ? SF : 0) | (overflow() ? OF : 0);
    }

    public boolean carry() {
        switch (kind) {
            case ADD: return Integer.compareUnsigned(result, first) < 0;
            case ADC: return extra != 0 ? Integer.compareUnsigned(result, first) <= 0
                                        : Integer.compareUnsigned(result, first) < 0;
            case SUB: return Integer.compareUnsigned(first, second) < 0;
            case SBB: return extra != 0 ? Integer.compareUnsigned(first, second) <= 0
                                        : Integer.compareUnsigned(first, second) < 0;
            case LOGIC: return false;
            case NEG: return first != 0;
            default: return (extra & CF) != 0;   // EXPLICIT, INC, DEC, SHIFT
        }
    }

    public boolean zero() { return kind == EXPLICIT ? (extra & ZF) != 0 : isZero(result, size); }

    public boolean sign() { return kind == EXPLICIT ? (extra & SF) != 0 : isNegative(result, size); }

    public boolean parity() { return kind == EXPLICIT ? (extra & PF) != 0 : parityOf(result) != 0; }

    public boolean auxiliaryCarry() { return auxiliary() != 0; }

    public boolean overflow() {
        int sign = Width.signBit(size);
        switch (kind) {
            case ADD: case ADC: return ((first ^ result) & (second ^ result) & sign) != 0;
            case SUB: case SBB: return ((first ^ second) & (first ^ result) & sign) != 0;
            case LOGIC: return false;
            case INC: case NEG: return result == sign;
            case DEC: return result == (sign - 1 & Width.mask(size));
            default: return (extra & OF) != 0;
        }
    }

    private int auxiliary() {
        switch (kind) {
            case ADD: case ADC: case SUB: case SBB: return (first ^ second ^ result) & AF;
            case INC: return (result & 0xF) == 0 ? AF : 0;
            case DEC: return (result & 0xF) == 0xF ? AF : 0;
            case NEG: return (first & 0xF) != 0 ? AF : 0;
            case EXPLICIT: case SHIFT: return extra & AF;
            default: return 0;
        }
    }

    private static int parityOf(int value) { return (Integer.bitCount(value & 0xFF) & 1) == 0 ? PF : 0; }

    /**
     * The condition of Jcc/SETcc/CMOVcc number {@code cc} (the low nibble of the Jcc opcode): O, NO, B, AE, E,
     * NE, BE, A, S, NS, P, NP, L, GE, LE, G.
     */
    public boolean condition(int cc) {
        if (kind == SUB) return afterSubtraction(cc, first, second, size);
        if (kind == LOGIC) return afterLogic(cc, result, size);
        boolean holds;
        switch (cc >> 1) {
            case 0: holds = overflow(); break;
            case 1: holds = carry(); break;
            case 2: holds = zero(); break;
            case 3: holds = carry() || zero(); break;
            case 4: holds = sign(); break;
            case 5: holds = parity(); break;
            case 6: holds = sign() != overflow(); break;
            default: holds = zero() || sign() != overflow(); break;
        }
        return holds ^ ((cc & 1) != 0);
    }

    // ---- conditions from an operation's values (what condition() derives from a record, for translated code
    // that keeps the values of the flag-setting instruction before it in locals) ----

    /** Condition {@code cc} after CMP or SUB of {@code a} and {@code b} ({@code size} bytes): the operands compared. */
    public static boolean afterSubtraction(int cc, int a, int b, int size) {
        int mask = Width.mask(size), sign = Width.signBit(size);
        int first = a & mask, second = b & mask;
        boolean holds;
        switch (cc >> 1) {
            case 1: holds = Integer.compareUnsigned(first, second) < 0; break;
            case 2: holds = first == second; break;
            case 3: holds = Integer.compareUnsigned(first, second) <= 0; break;
            case 6: holds = Width.signExtend(first, size) < Width.signExtend(second, size); break;
            case 7: holds = Width.signExtend(first, size) <= Width.signExtend(second, size); break;
            case 0: holds = ((first ^ second) & (first ^ (first - second)) & sign) != 0; break;
            case 4: holds = ((first - second) & sign) != 0; break;
            default: holds = parityOf(first - second) != 0; break;
        }
        return holds ^ ((cc & 1) != 0);
    }

    /** Condition {@code cc} after AND, OR, XOR or TEST with {@code result}: CF = OF = 0. */
    public static boolean afterLogic(int cc, int result, int size) {
        boolean zero = isZero(result, size), negative = isNegative(result, size);
        boolean holds;
        switch (cc >> 1) {
            case 0: case 1: holds = false; break;
            case 2: case 3: holds = zero; break;
            case 4: case 6: holds = negative; break;
            case 5: holds = parityOf(result) != 0; break;
            default: holds = zero || negative; break;
        }
        return holds ^ ((cc & 1) != 0);
    }

    /**
     * Condition {@code cc}, one of E, NE, S, NS ({@link #decidedByResult}), after an operation whose ZF and SF
     * come from its {@code result} (every recorded operation: ADD to SHIFT).
     */
    public static boolean afterResult(int cc, int result, int size) {
        boolean holds = (cc >> 1) == 2 ? isZero(result, size) : isNegative(result, size);
        return holds ^ ((cc & 1) != 0);
    }

    /** Whether condition {@code cc} reads only ZF or only SF (E, NE, S, NS): {@link #afterResult} decides it. */
    public static boolean decidedByResult(int cc) {
        return (cc >> 1) == 2 || (cc >> 1) == 4;
    }

    private static boolean isZero(int result, int size) { return (result & Width.mask(size)) == 0; }

    private static boolean isNegative(int result, int size) { return (result & Width.signBit(size)) != 0; }

    // ---- non-status flags ----

    public boolean direction() { return (control & Eflags.DF) != 0; }

    public boolean isSet(int controlBit) { return (control & controlBit) != 0; }

    public int iopl() { return (control & Eflags.IOPL) >>> 12; }

    /** Replaces the non-status bits selected by {@code mask} (DF, IF, AC...). */
    public void setControl(int mask, int values) {
        int m = mask & DEFINED_BITS & ~Eflags.STATUS & ~Eflags.FIXED_1;
        control = (control & ~m) | (values & m);
    }

    /** Makes this an exact copy of {@code other} (the interpreter's checkpoint for precise faults). */
    public void copyFrom(LazyFlags other) {
        kind = other.kind;
        size = other.size;
        extra = other.extra;
        control = other.control;
        first = other.first;
        second = other.second;
        result = other.result;
    }
}
