package ukcf.cli;

import java.util.HexFormat;
import ukcf.cpu.decode.Decoder;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.disasm.AttSyntax;
import ukcf.cpu.fault.GuestFault;

/** Listings of raw i386 code in objdump's layout: address, bytes, AT&T text. */
final class Disassembly {
    private Disassembly() { }

    static String listing(byte[] code, int address) {
        StringBuilder out = new StringBuilder();
        int offset = 0;
        while (offset < code.length) {
            int at = address + offset;
            try {
                Instruction instruction = Decoder.decode(code, offset, at);
                out.append(line(at, instruction.bytes(), AttSyntax.format(instruction)));
                offset += instruction.length();
            } catch (GuestFault fault) {
                out.append(line(at, new byte[] {code[offset]}, "(bad)  " + fault.getMessage()));
                offset++;
            }
        }
        return out.toString();
    }

    private static String line(int address, byte[] bytes, String text) {
        return String.format("%8x:\t%-21s\t%s%n", address, HexFormat.ofDelimiter(" ").formatHex(bytes), text);
    }
}
