package ukcf.cpu.verify;

import ukcf.cpu.decode.Decoder;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.disasm.AttSyntax;
import ukcf.cpu.state.CpuState;
import ukcf.cpu.state.FxsaveImage;

/** cpu-sim as it is: the table-driven decoder, the reference interpreter, objdump-style disassembly. */
public final class StandardComponents {
    private StandardComponents() { }

    /** x87 (and SSE) state through the one FXSAVE image implementation. */
    private static final FpuImage X87_IMAGE = new FpuImage() {
        @Override public void load(CpuState state, byte[] fxsave) { FxsaveImage.read(state, fxsave); }

        @Override public void store(CpuState state, byte[] fxsave) { FxsaveImage.write(state, fxsave); }
    };

    public static CpuDiff.Components interpreter() {
        return new CpuDiff.Components(Decoder::decode, X87_IMAGE, StandardComponents::disassemble);
    }

    /** One line per instruction, {@code address: bytes  att text}; undecodable bytes end the listing. */
    static String disassemble(byte[] code, int address) {
        StringBuilder s = new StringBuilder();
        int offset = 0;
        while (offset < code.length) {
            String line;
            int length;
            try {
                Instruction instruction = Decoder.decode(code, offset, address + offset);
                length = instruction.length();
                line = AttSyntax.format(instruction);
            } catch (RuntimeException e) {   // GuestFault #UD included
                length = code.length - offset;
                line = "(bad: " + e.getMessage() + ")";
            }
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < length; i++) hex.append(String.format("%02x ", code[offset + i] & 0xFF));
            if (s.length() > 0) s.append('\n');
            s.append(String.format("%08x: %-24s %s", address + offset, hex.toString().trim(), line));
            offset += length;
        }
        return s.toString();
    }
}
