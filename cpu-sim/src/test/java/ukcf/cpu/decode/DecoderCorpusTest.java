package ukcf.cpu.decode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ukcf.cpu.disasm.AttSyntax;
import ukcf.cpu.fault.GuestFault;

/**
 * Runs the decoder corpus (bytes, objdump's length and objdump's AT&T text; see
 * src/test/corpus/regenerate-decoder-corpus.py): every sample must decode to objdump's length and print as
 * objdump prints it. Also checks that every row of the opcode table is exercised by some sample.
 */
class DecoderCorpusTest {
    record Sample(byte[] bytes, int length, String text, int line) { }

    static List<Sample> corpus() throws IOException {
        List<Sample> samples = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                DecoderCorpusTest.class.getResourceAsStream("decoder-corpus.tsv"), StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isEmpty() || line.startsWith("#")) continue;
                String[] c = line.split("\t");
                String[] hex = c[0].split(" ");
                byte[] bytes = new byte[hex.length];
                for (int i = 0; i < hex.length; i++) bytes[i] = (byte) Integer.parseInt(hex[i], 16);
                samples.add(new Sample(bytes, Integer.parseInt(c[1]), c[2], n));
            }
        }
        return samples;
    }

    @Test
    void decodesAndPrintsLikeObjdump() throws IOException {
        List<String> failures = new ArrayList<>();
        List<Sample> samples = corpus();
        for (Sample s : samples) {
            String got;
            try {
                Instruction insn = Decoder.decodeListing(s.bytes, 0, 0);
                got = insn.length() + "\t" + AttSyntax.format(insn);
            } catch (RuntimeException e) {
                got = "exception " + e;
            }
            String expected = s.length + "\t" + s.text;
            if (!got.equals(expected)) {
                failures.add("line " + s.line + " [" + hex(s.bytes) + "] expected '" + expected + "' got '" + got + "'");
            }
        }
        failures.stream().limit(80).forEach(System.out::println);
        assertTrue(failures.isEmpty(), failures.size() + " of " + samples.size() + " samples differ; first: "
                + (failures.isEmpty() ? "" : failures.get(0)));
    }

    @Test
    void everyTableRowIsCovered() throws IOException {
        Set<Integer> used = new HashSet<>();
        for (Sample s : corpus()) {
            try {
                used.add(Decoder.decodeListing(s.bytes, 0, 0).form().id());
            } catch (GuestFault e) {
                // reported by decodesAndPrintsLikeObjdump
            }
        }
        List<String> missing = new ArrayList<>();
        for (OpcodeForm f : OpcodeTable.forms()) if (!used.contains(f.id())) missing.add(f.toString());
        assertTrue(missing.isEmpty(), missing.size() + " forms without a corpus sample: " + missing);
    }

    static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) s.append(s.length() == 0 ? "" : " ").append(String.format("%02x", b & 0xFF));
        return s.toString();
    }
}
