package ukcf.cpu.decode;

import java.util.List;
import java.util.Set;

/**
 * One row of the opcode table ({@code opcodes.tsv}): an instruction form in SDM notation. It is the single
 * source of truth read by the decoder, the disassembler, the interpreter (through {@link #operation()}), the
 * translator and the random test generator.
 *
 * @param id            dense row number, usable as an index into dispatch arrays
 * @param encoding      the encoding as written in the table, e.g. {@code "0F AF /r"}
 * @param mnemonic      Intel mnemonic, lower case ({@code imul})
 * @param operation     the semantic operation key handlers are registered under (upper-case Intel mnemonic,
 *                      e.g. {@code IMUL}); several forms share one operation
 * @param operandSpecs  operands in SDM notation ({@code Gv}, {@code Ev}, {@code Ib}, {@code Wsd}...)
 * @param flagsRead     EFLAGS bits read ({@link ukcf.cpu.flags.Eflags})
 * @param flagsWritten  EFLAGS bits written with a defined value
 * @param flagsUndefined EFLAGS bits the SDM leaves undefined after this form
 * @param attributes    legality and shape attributes ({@code lock}, {@code rep}, {@code repne}...)
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
        Set<String> attributes) {

    public boolean hasAttribute(String name) { return attributes.contains(name); }
}
