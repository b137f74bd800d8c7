package ukcf.cpu.decode;

/**
 * A decoded operand: everything needed to read or write it, with no reference to the opcode table. Sizes are
 * in bytes (0 where the instruction does not access memory through the operand, e.g. LEA's source).
 */
public sealed interface Operand {

    /** A register of {@code bank}; {@code size} in bytes (GPR: 1, 2 or 4; XMM: 16; X87: 10; MMX: 8). */
    record Reg(RegisterBank bank, int index, int size) implements Operand { }

    /**
     * A memory operand. {@code base} and {@code index} are GPR numbers or -1; the linear address is the
     * segment base plus the effective address, truncated to {@code addressSize} (16 or 32) bits before the
     * segment base is added. {@code segment} is the override, else the default (SS for EBP/ESP based, else DS).
     */
    record Mem(Segment segment, int base, int index, int scale, int displacement, int size, int addressSize)
            implements Operand { }

    /** An immediate, already sign- or zero-extended to 32 bits as the form requires; {@code size} as encoded. */
    record Imm(int value, int size) implements Operand { }

    /** A relative branch, resolved to its absolute target (truncated to 16 bits under a 66 prefix). */
    record Rel(int target) implements Operand { }

    /** A far pointer ptr16:16/ptr16:32 written in the instruction (JMP/CALL ptr). */
    record Far(int selector, int offset) implements Operand { }
}
