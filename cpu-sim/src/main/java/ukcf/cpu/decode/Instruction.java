package ukcf.cpu.decode;

import java.util.List;

/**
 * One decoded instruction: immutable, position-dependent (relative targets are resolved), and free of
 * semantics. {@code operands} are in Intel order (destination first). {@code operandSize} and
 * {@code addressSize} are the effective sizes in bits after prefixes.
 */
public record Instruction(
        int address,
        int length,
        byte[] bytes,
        OpcodeForm form,
        int prefixes,
        Segment segmentOverride,
        int operandSize,
        int addressSize,
        List<Operand> operands) {

    public Operand operand(int i) { return operands.get(i); }

    public boolean has(int prefix) { return (prefixes & prefix) != 0; }

    public int nextAddress() { return address + length; }
}
