package ukcf.cpu.verify.generate;

import java.util.Map;

/**
 * One operand of an opcode-table row in SDM notation ({@code Ev}, {@code Gb}, {@code Wsd}, {@code m64fp},
 * {@code STi}...), parsed into where it is encoded and how big it is. Sizes are in bytes; {@link #OPERAND_SIZED}
 * means 2 or 4 by the operand-size attribute.
 */
record OperandSpec(String text, Kind kind, int size) {

    static final int OPERAND_SIZED = -1;

    enum Kind {
        /** ModRM.reg: G (GPR), V (XMM), P (MMX), S (segment), C/D (control/debug). */
        REG_GPR, REG_XMM, REG_MMX, REG_SEGMENT, REG_SYSTEM,
        /** ModRM.rm, register or memory: E, W, Q. */
        RM_GPR, RM_XMM, RM_MMX,
        /** ModRM.rm, memory only: M*, m*int, m*fp... */
        MEMORY,
        /** ModRM.rm, register only: R, U, N. */
        RM_ONLY_GPR, RM_ONLY_XMM, RM_ONLY_MMX,
        /** Register in the low opcode bits (+r). */
        OPCODE_GPR,
        IMMEDIATE, SIGNED_IMMEDIATE, RELATIVE, MEMORY_OFFSET, FAR_POINTER,
        /** Implicit string operands DS:eSI / ES:eDI. */
        STRING_SOURCE, STRING_DESTINATION,
        /** ST(i) in the low bits of a fixed ModRM byte (+i). */
        X87_STI,
        /** Operands with no encoding bits: AL, CL, DX, eAX, ST, segment registers, the constant 1. */
        IMPLICIT
    }

    private static final Map<String, Integer> MEMORY_SIZES = Map.ofEntries(
            Map.entry("m16int", 2), Map.entry("m32int", 4), Map.entry("m64int", 8), Map.entry("m32fp", 4),
            Map.entry("m64fp", 8), Map.entry("m80fp", 10), Map.entry("m80bcd", 10), Map.entry("m2byte", 2),
            Map.entry("M28", 28), Map.entry("M108", 108), Map.entry("M512", 512), Map.entry("M", 0));

    static OperandSpec parse(String text) {
        if (text.equals("STi")) return new OperandSpec(text, Kind.X87_STI, 10);
        if (text.matches("R[a-z]+/M[a-z]+")) {   // register form / memory form (MOV Rv/Mw,Sw): memory size
            return new OperandSpec(text, Kind.RM_GPR, sizeOf(text.substring(text.indexOf("/M") + 2)));
        }
        Integer memorySize = MEMORY_SIZES.get(text);
        if (memorySize != null) return new OperandSpec(text, Kind.MEMORY, memorySize);
        char letter = text.charAt(0);
        String suffix = text.substring(1);
        if (!suffix.isEmpty() && Character.isUpperCase(suffix.charAt(0)) || text.equals("1") || text.equals("eAX")
                || text.equals("ST") || text.length() == 2 && Character.isUpperCase(text.charAt(1))) {
            return new OperandSpec(text, Kind.IMPLICIT, 0);
        }
        Kind kind = switch (letter) {
            case 'G' -> Kind.REG_GPR;
            case 'V' -> Kind.REG_XMM;
            case 'P' -> Kind.REG_MMX;
            case 'S' -> Kind.REG_SEGMENT;
            case 'C', 'D' -> Kind.REG_SYSTEM;
            case 'E' -> Kind.RM_GPR;
            case 'W' -> Kind.RM_XMM;
            case 'Q' -> Kind.RM_MMX;
            case 'M' -> Kind.MEMORY;
            case 'R' -> Kind.RM_ONLY_GPR;
            case 'U' -> Kind.RM_ONLY_XMM;
            case 'N' -> Kind.RM_ONLY_MMX;
            case 'Z' -> Kind.OPCODE_GPR;
            case 'I' -> suffix.equals("bs") ? Kind.SIGNED_IMMEDIATE : Kind.IMMEDIATE;
            case 'J' -> Kind.RELATIVE;
            case 'O' -> Kind.MEMORY_OFFSET;
            case 'A' -> Kind.FAR_POINTER;
            case 'X' -> Kind.STRING_SOURCE;
            case 'Y' -> Kind.STRING_DESTINATION;
            default -> throw new IllegalArgumentException("unknown operand " + text);
        };
        return new OperandSpec(text, kind, sizeOf(suffix.equals("bs") ? "b" : suffix));
    }

    private static int sizeOf(String suffix) {
        return switch (suffix) {
            case "b", "bx" -> 1;
            case "w" -> 2;
            case "d", "ss" -> 4;
            case "q", "sd" -> 8;
            case "dq", "ps", "pd" -> 16;
            case "v", "z" -> OPERAND_SIZED;
            case "p" -> 6;
            case "s" -> 6;
            case "a" -> 8;
            case "x" -> 0;
            default -> throw new IllegalArgumentException("unknown operand size " + suffix);
        };
    }

    boolean isModrmReg() {
        return kind == Kind.REG_GPR || kind == Kind.REG_XMM || kind == Kind.REG_MMX || kind == Kind.REG_SEGMENT
                || kind == Kind.REG_SYSTEM;
    }

    boolean isModrmRm() {
        return kind == Kind.RM_GPR || kind == Kind.RM_XMM || kind == Kind.RM_MMX || kind == Kind.MEMORY
                || kind == Kind.RM_ONLY_GPR || kind == Kind.RM_ONLY_XMM || kind == Kind.RM_ONLY_MMX;
    }

    boolean isGpr() {
        return kind == Kind.REG_GPR || kind == Kind.RM_GPR || kind == Kind.RM_ONLY_GPR || kind == Kind.OPCODE_GPR;
    }

    /** Size in bytes under the given operand size (16 or 32 bits). */
    int size(int operandSize) { return size == OPERAND_SIZED ? operandSize / 8 : size; }
}
