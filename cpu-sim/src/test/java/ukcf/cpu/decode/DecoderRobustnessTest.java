package ukcf.cpu.decode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import ukcf.cpu.disasm.AttSyntax;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.fault.GuestFault;

/**
 * Any bytes at all either decode into an instruction that prints, or raise a guest fault (#UD, #GP for the
 * length limit, #PF past the end): nothing else escapes the decoder.
 */
class DecoderRobustnessTest {
    @Test
    void randomBytesDecodeOrFaultCleanly() {
        Random random = new Random(20261122);
        byte[] code = new byte[24];
        int decoded = 0;
        for (int i = 0; i < 100_000; i++) {
            random.nextBytes(code);
            // bias towards the interesting escapes and prefixes
            if (i % 3 == 0) code[0] = 0x0F;
            if (i % 5 == 0) code[0] = (byte) (0xD8 + random.nextInt(8));
            if (i % 7 == 0) code[0] = (byte) new int[] {0x66, 0x67, 0xF2, 0xF3, 0xF0, 0x64, 0x9B}[random.nextInt(7)];
            int length = 1 + random.nextInt(code.length);
            byte[] slice = java.util.Arrays.copyOf(code, length);
            try {
                Instruction insn = i % 2 == 0 ? Decoder.decode(slice, 0, 0x1000) : Decoder.decodeListing(slice, 0, 0x1000);
                assertTrue(insn.length() <= Decoder.MAX_LENGTH && insn.length() <= length);
                AttSyntax.format(insn);
                decoded++;
            } catch (GuestFault f) {
                ExceptionVector v = f.vector();
                assertTrue(v == ExceptionVector.UD || v == ExceptionVector.GP || v == ExceptionVector.PF, f.getMessage());
            }
        }
        assertTrue(decoded > 30_000, "decoded only " + decoded);
    }
}
