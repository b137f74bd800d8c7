package ukcf.cpu.semantics;

import java.util.Arrays;
import java.util.Map;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.OpcodeForm;

/**
 * The condition number (0..15, the low nibble of the Jcc opcode) of a Jcc/SETcc/CMOVcc form, found once per
 * form: from a {@code cc=N} attribute if the table gives one, else from the mnemonic's suffix
 * ({@code jne}, {@code setg}, {@code cmovbe}), else from the opcode byte.
 */
public final class Conditions {
    private Conditions() { }

    /** Suffixes in SDM order, with their aliases. */
    private static final Map<String, Integer> SUFFIXES = Map.ofEntries(
            Map.entry("o", 0), Map.entry("no", 1),
            Map.entry("b", 2), Map.entry("c", 2), Map.entry("nae", 2),
            Map.entry("ae", 3), Map.entry("nb", 3), Map.entry("nc", 3),
            Map.entry("e", 4), Map.entry("z", 4), Map.entry("ne", 5), Map.entry("nz", 5),
            Map.entry("be", 6), Map.entry("na", 6), Map.entry("a", 7), Map.entry("nbe", 7),
            Map.entry("s", 8), Map.entry("ns", 9), Map.entry("p", 10), Map.entry("pe", 10),
            Map.entry("np", 11), Map.entry("po", 11),
            Map.entry("l", 12), Map.entry("nge", 12), Map.entry("ge", 13), Map.entry("nl", 13),
            Map.entry("le", 14), Map.entry("ng", 14), Map.entry("g", 15), Map.entry("nle", 15));

    private static final String[] PREFIXES = {"cmov", "set", "j"};

    private static volatile int[] byFormId = new int[0];

    /** The condition number of {@code instruction}'s form. */
    public static int of(Instruction instruction) {
        OpcodeForm form = instruction.form();
        int[] cache = byFormId;
        int id = form.id();
        if (id < cache.length && cache[id] != 0) return cache[id] - 1;
        int cc = compute(instruction);
        synchronized (Conditions.class) {
            int[] grown = byFormId.length > id ? byFormId : Arrays.copyOf(byFormId, Math.max(id + 1, byFormId.length * 2));
            grown[id] = cc + 1;
            byFormId = grown;
        }
        return cc;
    }

    private static int compute(Instruction instruction) {
        OpcodeForm form = instruction.form();
        for (String attribute : form.attributes()) {
            if (attribute.startsWith("cc=")) return Integer.parseInt(attribute.substring(3));
        }
        String mnemonic = form.mnemonic().toLowerCase();
        for (String prefix : PREFIXES) {
            if (mnemonic.startsWith(prefix)) {
                Integer cc = SUFFIXES.get(mnemonic.substring(prefix.length()));
                if (cc != null) return cc;
            }
        }
        return opcodeByte(instruction.bytes()) & 0xF;
    }

    /** The primary opcode byte: the byte after legacy prefixes and a 0F escape. */
    private static int opcodeByte(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && isPrefix(bytes[i] & 0xFF)) i++;
        if (i < bytes.length && (bytes[i] & 0xFF) == 0x0F) i++;
        return i < bytes.length ? bytes[i] & 0xFF : 0;
    }

    private static boolean isPrefix(int b) {
        switch (b) {
            case 0x66: case 0x67: case 0xF0: case 0xF2: case 0xF3:
            case 0x26: case 0x2E: case 0x36: case 0x3E: case 0x64: case 0x65:
                return true;
            default:
                return false;
        }
    }
}
