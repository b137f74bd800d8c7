package ukcf.cpu.disasm;

import java.util.HexFormat;
import ukcf.cpu.decode.Decoder;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.fault.GuestFault;

/**
 * A listing of raw i386 code as the CPU decodes it, one line per instruction: address, bytes, AT&T text, in
 * objdump's layout. Undecodable bytes are listed one at a time with the decoder's reason, so a listing never
 * stops short and never throws.
 */
public final class Listing {
    private Listing() { }

    public static String of(byte[] code, int address) {
        StringBuilder out = new StringBuilder();
        int offset = 0;
        while (offset < code.length) {
            int at = address + offset;
            if (out.length() > 0) out.append('\n');
            try {
                Instruction instruction = Decoder.decode(code, offset, at);
                out.append(line(at, code, offset, instruction.length(), AttSyntax.format(instruction)));
                offset += instruction.length();
            } catch (GuestFault fault) {
                out.append(line(at, code, offset, 1, "(bad)  " + fault.getMessage()));
                offset++;
            }
        }
        return out.toString();
    }

    private static String line(int address, byte[] code, int offset, int length, String text) {
        return String.format("%8x:\t%-21s\t%s", address,
                HexFormat.ofDelimiter(" ").formatHex(code, offset, offset + length), text);
    }
}
