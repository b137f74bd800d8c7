package ukcf.cpu.semantics;

import ukcf.cpu.decode.Instruction;

/** The condition number (0..15, the low nibble of the Jcc opcode) of a Jcc/SETcc/CMOVcc instruction. */
final class Conditions {
    private Conditions() { }

    static int of(Instruction instruction) {
        int condition = instruction.form().condition();
        if (condition < 0) throw new IllegalStateException("form without a condition: " + instruction.form());
        return condition;
    }
}
