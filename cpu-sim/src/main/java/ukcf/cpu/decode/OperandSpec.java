package ukcf.cpu.decode;

/**
 * An operand code of the opcode table compiled once into what the decoder does with it: where the operand
 * comes from ({@link Source}), which register bank, and its size in bytes (0 = operand size, 16 or 32 bits).
 * A code written {@code R/M} (SDM {@code Rv/Mw}) has one meaning for a register ModRM and one for memory.
 */
public record OperandSpec(String code, Source source, RegisterBank bank, int size, int fixedIndex, OperandSpec memoryForm) {

    public enum Source {
        /** ModRM r/m: register of {@code bank} when mod = 3, memory otherwise. */
        RM,
        /** ModRM r/m, memory only. */
        MEMORY,
        /** ModRM r/m, register only. */
        RM_REGISTER,
        /** ModRM reg field. */
        REG,
        /** Low three bits of the opcode byte. */
        OPCODE_REGISTER,
        /** Low three bits of the ModRM byte naming ST(i). */
        X87_STACK,
        FIXED_REGISTER,
        IMMEDIATE,
        IMMEDIATE_SIGN_EXTENDED,
        RELATIVE,
        /** Absolute offset of address size (MOV AL, moffs). */
        MOFFS,
        FAR_POINTER,
        STRING_SOURCE,
        STRING_DESTINATION,
        XLAT_TABLE,
        CONSTANT_ONE
    }

    /** Operand-size dependent: 2 or 4 bytes. */
    public static final int OPERAND_SIZE = 0;
    /** Far pointer in memory: 4 bytes (m16:16) or 6 (m16:32). */
    static final int FAR_SIZE = -1;
    /** Two operand-size values (BOUND's bounds pair). */
    static final int PAIR_SIZE = -2;
    /** FPU environment: 14 or 28 bytes. */
    static final int FPU_ENVIRONMENT = -3;
    /** FPU state: 94 or 108 bytes. */
    static final int FPU_STATE = -4;

    /** Size in bytes for the given operand size in bits. */
    public int size(int operandSize) {
        switch (size) {
            case OPERAND_SIZE: return operandSize / 8;
            case FAR_SIZE: return operandSize == 16 ? 4 : 6;
            case PAIR_SIZE: return operandSize / 4;
            case FPU_ENVIRONMENT: return operandSize == 16 ? 14 : 28;
            case FPU_STATE: return operandSize == 16 ? 94 : 108;
            default: return size;
        }
    }

    boolean usesModrm() {
        return source == Source.RM || source == Source.MEMORY || source == Source.RM_REGISTER || source == Source.REG
                || source == Source.X87_STACK;
    }

    public static OperandSpec parse(String code) {
        int slash = code.indexOf('/');
        if (slash > 0) {
            OperandSpec register = parse(code.substring(0, slash));
            OperandSpec memory = parse(code.substring(slash + 1));
            return new OperandSpec(code, Source.RM, register.bank, register.size, -1, memory);
        }
        switch (code) {
            case "AL": return fixed(code, RegisterBank.GPR, 1, 0);
            case "CL": return fixed(code, RegisterBank.GPR, 1, 1);
            case "DX": return fixed(code, RegisterBank.GPR, 2, 2);
            case "AX": return fixed(code, RegisterBank.GPR, 2, 0);
            case "eAX": return fixed(code, RegisterBank.GPR, OPERAND_SIZE, 0);
            case "EAX": return fixed(code, RegisterBank.GPR, 4, 0);
            case "ECX": return fixed(code, RegisterBank.GPR, 4, 1);
            case "EDX": return fixed(code, RegisterBank.GPR, 4, 2);
            case "ES": return fixed(code, RegisterBank.SEGMENT, 2, 0);
            case "CS": return fixed(code, RegisterBank.SEGMENT, 2, 1);
            case "SS": return fixed(code, RegisterBank.SEGMENT, 2, 2);
            case "DS": return fixed(code, RegisterBank.SEGMENT, 2, 3);
            case "FS": return fixed(code, RegisterBank.SEGMENT, 2, 4);
            case "GS": return fixed(code, RegisterBank.SEGMENT, 2, 5);
            case "ST": return fixed(code, RegisterBank.X87, 10, 0);
            case "XMM0": return fixed(code, RegisterBank.XMM, 16, 0);
            case "STi": return of(code, Source.X87_STACK, RegisterBank.X87, 10);
            case "1": return of(code, Source.CONSTANT_ONE, null, 1);
            case "Xbx": return of(code, Source.XLAT_TABLE, null, 1);
            case "Ibs": return of(code, Source.IMMEDIATE_SIGN_EXTENDED, null, 1);
            case "Ap": return of(code, Source.FAR_POINTER, null, FAR_SIZE);
            case "m16int": case "m2byte": return of(code, Source.MEMORY, null, 2);
            case "m32int": case "m32fp": return of(code, Source.MEMORY, null, 4);
            case "m64int": case "m64fp": return of(code, Source.MEMORY, null, 8);
            case "m80fp": case "m80bcd": return of(code, Source.MEMORY, null, 10);
            case "M": return of(code, Source.MEMORY, null, 0);
            case "Ma": return of(code, Source.MEMORY, null, PAIR_SIZE);
            case "Mp": return of(code, Source.MEMORY, null, FAR_SIZE);
            case "Ms": return of(code, Source.MEMORY, null, 6);
            case "M28": return of(code, Source.MEMORY, null, FPU_ENVIRONMENT);
            case "M108": return of(code, Source.MEMORY, null, FPU_STATE);
            case "M512": return of(code, Source.MEMORY, null, 512);
            case "Mx": return of(code, Source.MEMORY, null, 576);
            default: break;
        }
        char kind = code.charAt(0);
        int size = sizeOf(code.substring(1), code);
        switch (kind) {
            case 'E': return of(code, Source.RM, RegisterBank.GPR, size);
            case 'G': return of(code, Source.REG, RegisterBank.GPR, size);
            case 'R': return of(code, Source.RM_REGISTER, RegisterBank.GPR, size);
            case 'M': return of(code, Source.MEMORY, null, size);
            case 'Z': return of(code, Source.OPCODE_REGISTER, RegisterBank.GPR, size);
            case 'S': return of(code, Source.REG, RegisterBank.SEGMENT, 2);
            case 'C': return of(code, Source.REG, RegisterBank.CONTROL, 4);
            case 'D': return of(code, Source.REG, RegisterBank.DEBUG, 4);
            case 'P': return of(code, Source.REG, RegisterBank.MMX, 8);
            case 'Q': return of(code, Source.RM, RegisterBank.MMX, size);
            case 'N': return of(code, Source.RM_REGISTER, RegisterBank.MMX, 8);
            case 'V': return of(code, Source.REG, RegisterBank.XMM, 16);
            case 'W': return of(code, Source.RM, RegisterBank.XMM, size);
            case 'U': return of(code, Source.RM_REGISTER, RegisterBank.XMM, 16);
            case 'I': return of(code, Source.IMMEDIATE, null, size);
            case 'J': return of(code, Source.RELATIVE, null, size);
            case 'O': return of(code, Source.MOFFS, null, size);
            case 'X': return of(code, Source.STRING_SOURCE, null, size);
            case 'Y': return of(code, Source.STRING_DESTINATION, null, size);
            default: throw new IllegalArgumentException("unknown operand code " + code);
        }
    }

    private static int sizeOf(String suffix, String code) {
        switch (suffix) {
            case "b": return 1;
            case "w": return 2;
            case "d": case "ss": return 4;
            case "q": case "sd": return 8;
            case "dq": case "ps": case "pd": return 16;
            case "v": case "z": return OPERAND_SIZE;
            default: throw new IllegalArgumentException("unknown operand size in " + code);
        }
    }

    private static OperandSpec fixed(String code, RegisterBank bank, int size, int index) {
        return new OperandSpec(code, Source.FIXED_REGISTER, bank, size, index, null);
    }

    private static OperandSpec of(String code, Source source, RegisterBank bank, int size) {
        return new OperandSpec(code, source, bank, size, -1, null);
    }
}
