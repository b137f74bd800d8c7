package ukcf.cpu.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ukcf.cpu.decode.Decoder;
import ukcf.cpu.decode.Instruction;

/** Which flag writes dead-flag elimination drops in a block (one letter per instruction: D dropped, K kept). */
class FlagLivenessTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // Overwritten before any read: add, sub and inc go; cmp feeds jbe.
        "add ecx, 4; sub ecx, 1; inc ecx; cmp ecx, 6; jbe  | 83c10483e9014183f9067600 | DDDKK",
        // A load that can fault exposes EFLAGS: the add before it keeps its flags.
        "add eax, 1; mov ebx, [eax]; sub eax, 2; jz         | 83c0018b1883e8027400     | KKKK",
        // ADC reads CF (so it keeps its own write, and the add's CF stays live).
        "add eax, 1; adc ebx, 2; cmp eax, ebx; jz           | 83c00183d30239d87400     | KKKK",
        // A shift by CL may write nothing (count 0), so it does not kill; SHL by an immediate sets every flag,
        // AF (undefined in the SDM) included, so the add before it goes.
        "shl eax, cl; add ebx, 1; shl eax, 2; jz            | d3e083c301c1e0027400     | DDKK",
        // A rotate leaves ZF: the add's ZF reaches the setz, the rotate's CF and OF go.
        "add eax, 1; rol eax, 1; setz bl; sub eax, 1; jz    | 83c001d1c00f94c383e80174fe | KDKKK",
        // MUL leaves the flags the SDM calls undefined for it as they were: the add's ZF reaches the setz.
        "add eax, 1; mul ecx; setz bl; sub eax, 1; jz       | 83c001f7e10f94c383e80174fe | KKKKK",
    })
    void deadFlagWrites(String source, String hex, String expected) {
        byte[] code = HexFormat.of().parseHex(hex);
        List<Instruction> block = new ArrayList<>();
        for (int offset = 0; offset < code.length; ) {
            Instruction insn = Decoder.decode(code, offset, 0x1000 + offset);
            block.add(insn);
            offset += insn.length();
        }
        boolean[] inline = new boolean[block.size()], canFault = new boolean[block.size()];
        for (int i = 0; i < block.size(); i++) {
            InlineForms.Form form = InlineForms.of(block.get(i));
            inline[i] = form != null;
            canFault[i] = form == null || InlineForms.canFault(form, block.get(i));
        }
        boolean[] dead = FlagLiveness.deadFlagWrites(block, inline, canFault);
        boolean[] want = new boolean[expected.length()];
        for (int i = 0; i < want.length; i++) want[i] = expected.charAt(i) == 'D';
        assertArrayEquals(want, dead, source);
    }
}
