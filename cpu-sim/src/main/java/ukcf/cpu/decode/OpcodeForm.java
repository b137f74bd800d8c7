package ukcf.cpu.decode;

import java.util.List;
import java.util.Set;

/**
 * One row of the opcode table ({@code opcodes.tsv}): an instruction form in SDM notation. It is the single
 * source of truth read by the decoder, the disassembler, the interpreter (through {@link #operation()}), the
 * translator and the random test generator.
 *
 * @param id            dense row number, usable as an index into dispatch arrays
 * @param encoding      the encoding as written in the table, e.g. {@code "0F AF /r"}; rows written with
 *                      {@code +cc} appear once per condition with the condition's opcode byte substituted
 * @param mnemonic      Intel mnemonic, lower case ({@code imul}); {@code a|b} when it changes with the operand
 *                      size (16|32), see {@link #mnemonic(int)}
 * @param operation     the semantic operation key handlers are registered under (upper-case Intel mnemonic,
 *                      e.g. {@code IMUL}); several forms share one operation
 * @param operandSpecs  operands in SDM notation ({@code Gv}, {@code Ev}, {@code Ib}, {@code Wsd}...)
 * @param flagsRead     EFLAGS bits read ({@link ukcf.cpu.flags.Eflags})
 * @param flagsWritten  EFLAGS bits written with a defined value
 * @param flagsUndefined EFLAGS bits the SDM leaves undefined after this form
 * @param attributes    legality and shape attributes ({@code lock}, {@code rep}, {@code repne}...)
 * @param condition     the condition number 0..15 of JCC, SETCC, CMOVCC and FCMOVCC forms (the low nibble of
 *                      the Jcc opcode: 0 O, 1 NO, 2 B, 3 AE, 4 E, 5 NE, 6 BE, 7 A, 8 S, 9 NS, 10 P, 11 NP,
 *                      12 L, 13 GE, 14 LE, 15 G); -1 for every other form
 */
public record OpcodeForm(
        int id,
        String encoding,
        String mnemonic,
        String operation,
        List<String> operandSpecs,
        int flagsRead,
        int flagsWritten,
        int flagsUndefined,
        Set<String> attributes,
        int condition) {

    public boolean hasAttribute(String name) { return attributes.contains(name); }

    /**
     * The ISA extension this form belongs to when ukcf decodes it but neither implements nor advertises it
     * ({@code ext=NAME} in the table), else null. Such forms raise #UD, as on a CPU without the extension.
     */
    public String unimplementedExtension() {
        for (String attribute : attributes) {
            if (attribute.startsWith("ext=")) return attribute.substring(4);
        }
        return null;
    }

    /** The Intel mnemonic for an operand size of 16 or 32 bits. */
    public String mnemonic(int operandSize) {
        int bar = mnemonic.indexOf('|');
        if (bar < 0) return mnemonic;
        return operandSize == 16 ? mnemonic.substring(0, bar) : mnemonic.substring(bar + 1);
    }

    /** Value of a {@code name=value} attribute, or null. */
    public String attribute(String name) {
        for (String a : attributes) {
            if (a.startsWith(name) && a.length() > name.length() && a.charAt(name.length()) == '=') {
                return a.substring(name.length() + 1);
            }
        }
        return null;
    }

    @Override
    public String toString() { return encoding + " " + mnemonic + " " + String.join(",", operandSpecs); }
}
