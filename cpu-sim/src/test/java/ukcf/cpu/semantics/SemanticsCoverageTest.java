package ukcf.cpu.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import ukcf.cpu.decode.OpcodeForm;
import ukcf.cpu.decode.OpcodeTable;
import ukcf.cpu.interp.HandlerTable;

/**
 * Every integer operation key of the opcode table has a handler, except those listed in
 * {@code semantics/unimplemented-operations.txt} (which execute as #UD, with the reason given there). x87, MMX
 * and SSE forms are the FPU and vector families' business and are not checked here.
 */
class SemanticsCoverageTest {
    @Test
    void everyOperationOfTheOpcodeTableHasAHandlerOrIsListedAsUnimplemented() throws IOException {
        HandlerTable table = Semantics.all();
        Set<String> missing = new TreeSet<>();
        for (OpcodeForm form : OpcodeTable.forms()) {
            if (form.unimplementedExtension() == null && isInteger(form) && !table.contains(form.operation())) {
                missing.add(form.operation());
            }
        }
        missing.removeAll(listed());
        assertEquals(Set.of(), missing, "integer operations with no handler and not listed as unimplemented");
    }

    /** Not an x87, MMX or SSE form: no FPU mnemonic, no operand code of those register files or memory shapes. */
    private static boolean isInteger(OpcodeForm form) {
        if (form.mnemonic().startsWith("f") || form.operation().equals("EMMS")) return false;
        for (String spec : form.operandSpecs()) {
            if (spec.matches("(V|W|P|Q|U|N|ST|m\\d|M\\d|Mx).*")) return false;
        }
        return true;
    }

    private static Set<String> listed() throws IOException {
        Set<String> keys = new TreeSet<>();
        try (InputStream in = SemanticsCoverageTest.class.getResourceAsStream("unimplemented-operations.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) keys.add(line.split("\\s+")[0]);
            }
        }
        return keys;
    }
}
