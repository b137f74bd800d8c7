package ukcf.cpu.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ukcf.cpu.flags.Eflags;

class OpcodeTableTest {
    private static OpcodeForm find(String encoding, String mnemonic) {
        return OpcodeTable.forms().stream()
                .filter(f -> f.encoding().equals(encoding) && f.mnemonic().equals(mnemonic))
                .findFirst().orElseThrow(() -> new AssertionError("no form " + encoding + " " + mnemonic));
    }

    @Test
    void idsAreDense() {
        List<OpcodeForm> forms = OpcodeTable.forms();
        for (int i = 0; i < forms.size(); i++) assertEquals(i, forms.get(i).id());
    }

    @Test
    void conditionalFamiliesExpandWithTheirFlags() {
        OpcodeForm jle = find("7E cb", "jle");
        assertEquals("JCC", jle.operation());
        assertEquals(14, jle.condition());
        assertEquals(Eflags.ZF | Eflags.SF | Eflags.OF, jle.flagsRead());
        OpcodeForm cmovb = find("0F 42 /r", "cmovb");
        assertEquals(2, cmovb.condition());
        assertEquals(Eflags.CF, cmovb.flagsRead());
        assertEquals(10, find("DA D8+i", "fcmovu").condition());
        assertEquals(-1, find("0F AF /r", "imul").condition());
    }

    @Test
    void undefinedFlagsComeFromTheTable() {
        OpcodeForm and = find("21 /r", "and");
        assertEquals(Eflags.AF, and.flagsUndefined());
        assertEquals(Eflags.STATUS & ~Eflags.AF, and.flagsWritten());
        assertTrue(and.hasAttribute("lock"));
        assertEquals(Eflags.STATUS, find("F7 /6", "div").flagsUndefined());
    }

    /** The informative immediate tokens of an encoding (ib, iz, cb...) must say what the operand codes say. */
    @Test
    void encodingImmediatesMatchOperandCodes() {
        Map<String, String> tokenOf = Map.of("Ib", "ib", "Ibs", "ib", "Iw", "iw", "Iz", "iz", "Iv", "iv",
                "Jb", "cb", "Jz", "cz", "Ap", "cp", "Ob", "ob", "Ov", "ov");
        List<String> wrong = new ArrayList<>();
        for (OpcodeForm f : OpcodeTable.forms()) {
            List<String> fromEncoding = new ArrayList<>();
            for (String token : f.encoding().split(" ")) if (token.matches("[a-z]{2}")) fromEncoding.add(token);
            List<String> fromOperands = new ArrayList<>();
            for (String spec : f.operandSpecs()) if (tokenOf.containsKey(spec)) fromOperands.add(tokenOf.get(spec));
            if (!fromEncoding.equals(fromOperands)) wrong.add(f.toString());
        }
        assertTrue(wrong.isEmpty(), "encoding and operands disagree on immediates: " + wrong);
    }

    @Test
    void everyOperandCodeIsKnown() {
        for (OpcodeForm f : OpcodeTable.forms()) for (String spec : f.operandSpecs()) OperandSpec.parse(spec);
    }

    @Test
    void sizeDependentMnemonics() {
        OpcodeForm cwde = find("98", "cbw|cwde");
        assertEquals("cbw", cwde.mnemonic(16));
        assertEquals("cwde", cwde.mnemonic(32));
        assertEquals("cbtw|cwtl", cwde.attribute("att"));
    }
}
