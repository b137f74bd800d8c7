package ukcf.cpu.semantics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CPUID leaves, read from {@code cpuid.tsv}: the one place that says which features the guest CPU
 * advertises. A leaf above the highest basic or extended leaf answers with the highest basic leaf (Intel).
 */
public final class CpuidTable {
    /** EAX, EBX, ECX, EDX of one leaf. */
    public record Leaf(int eax, int ebx, int ecx, int edx) { }

    private static final int EXTENDED_BASE = 0x80000000;
    private static final CpuidTable STANDARD = load("cpuid.tsv");

    private final Map<Integer, Leaf> leaves;

    private CpuidTable(Map<Integer, Leaf> leaves) { this.leaves = leaves; }

    public static CpuidTable standard() { return STANDARD; }

    public Leaf query(int leaf) {
        Leaf found = leaves.get(leaf);
        if (found != null) return found;
        int highestBasic = leaves.get(0).eax();
        return leaves.getOrDefault(highestBasic, new Leaf(0, 0, 0, 0));
    }

    /** Leaf 1 EDX: the feature flags. */
    public int features() { return query(1).edx(); }

    public int highestExtendedLeaf() { return query(EXTENDED_BASE).eax(); }

    private static CpuidTable load(String resource) {
        Map<Integer, Leaf> leaves = new TreeMap<>(Integer::compareUnsigned);
        try (InputStream in = CpuidTable.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                String[] f = line.split("\\s+");
                leaves.put(parse(f[0]), new Leaf(parse(f[1]), parse(f[2]), parse(f[3]), parse(f[4])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CpuidTable(leaves);
    }

    /** {@code 0x...} or a quoted 4-character string, little-endian as CPUID returns text. */
    private static int parse(String field) {
        if (field.startsWith("\"")) {
            byte[] text = field.substring(1, field.length() - 1).getBytes(StandardCharsets.US_ASCII);
            if (text.length != 4) throw new IllegalArgumentException("CPUID text must be 4 characters: " + field);
            return (text[0] & 0xFF) | (text[1] & 0xFF) << 8 | (text[2] & 0xFF) << 16 | (text[3] & 0xFF) << 24;
        }
        return Integer.parseUnsignedInt(field.substring(2), 16);
    }
}
