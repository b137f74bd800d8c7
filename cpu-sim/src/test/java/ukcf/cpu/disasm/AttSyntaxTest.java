package ukcf.cpu.disasm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import ukcf.cpu.decode.Decoder;
import ukcf.cpu.decode.Instruction;

/** What the corpus cannot show: the symbolizer hook and the mnemonic-only view. */
class AttSyntaxTest {
    private static Instruction decode(int address, int... bytes) {
        byte[] code = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) code[i] = (byte) bytes[i];
        return Decoder.decode(code, 0, address);
    }

    @Test
    void branchTargetsAreNamedByTheSymbolizerAsObjdumpDoes() {
        Instruction call = decode(0x08048000, 0xe8, 0x0b, 0x00, 0x00, 0x00);
        assertEquals("call   0x8048010", AttSyntax.format(call));
        Symbolizer symbols = address -> address == 0x08048010 ? "main+0x10" : null;
        assertEquals("call   8048010 <main+0x10>", AttSyntax.format(call, symbols));
        Instruction jmp = decode(0x08048000, 0xeb, 0xfe);
        assertEquals("jmp    0x8048000", AttSyntax.format(jmp, symbols));
    }

    @Test
    void mnemonicWithPrefixesIsWhatObjdumpPrintsBeforeTheOperands() {
        assertEquals("rep stos", AttSyntax.mnemonicWithPrefixes(decode(0, 0xf3, 0xab)));
        assertEquals("lock cmpxchg", AttSyntax.mnemonicWithPrefixes(decode(0, 0xf0, 0x0f, 0xb1, 0x0a)));
        assertEquals("movzbl", AttSyntax.mnemonicWithPrefixes(decode(0, 0x0f, 0xb6, 0x00)));
        assertEquals("fstpt", AttSyntax.mnemonicWithPrefixes(decode(0, 0xdb, 0x38)));
        assertEquals("repz ret", AttSyntax.format(decode(0, 0xf3, 0xc3)));
    }
}
