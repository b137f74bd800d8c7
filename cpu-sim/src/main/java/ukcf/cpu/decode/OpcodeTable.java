package ukcf.cpu.decode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import ukcf.cpu.flags.Eflags;

/**
 * Reads {@code opcodes.tsv} (see its header for the notation) into {@link OpcodeForm}s, once. Rows written
 * with {@code +cc} expand into 16 forms, one per {@link Condition}.
 */
public final class OpcodeTable {
    private static final String RESOURCE = "opcodes.tsv";
    private static final int ALL_FLAGS = Eflags.STATUS | Eflags.TF | Eflags.IF | Eflags.DF | Eflags.IOPL
            | Eflags.NT | Eflags.RF | Eflags.VM | Eflags.AC | Eflags.VIF | Eflags.VIP | Eflags.ID;

    private static final List<OpcodeForm> FORMS = load();

    private OpcodeTable() { }

    /** Every form, indexed by {@link OpcodeForm#id()}. */
    public static List<OpcodeForm> forms() { return FORMS; }

    private static List<OpcodeForm> load() {
        try (InputStream in = OpcodeTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<OpcodeForm> forms = new ArrayList<>();
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] c = line.split("\t");
                if (c.length != 8) {
                    throw new IllegalStateException(RESOURCE + ":" + lineNumber + ": expected 8 columns, got " + c.length);
                }
                addRow(forms, c, lineNumber);
            }
            return List.copyOf(forms);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void addRow(List<OpcodeForm> forms, String[] c, int lineNumber) {
        List<String> operands = c[2].equals("-") ? List.of() : List.of(c[2].split(","));
        Set<String> attributes = c[7].equals("-") ? Set.of()
                : java.util.Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(c[7].split(","))));
        int written = flags(c[5], -1, lineNumber);
        int undefined = flags(c[6], -1, lineNumber);
        if (c[0].contains("+cc")) {
            for (int cc = 0; cc < 16; cc++) {
                Condition condition = Condition.of(cc);
                String encoding = expandCondition(c[0], cc);
                String mnemonic = c[1].replace("{cc}", condition.suffix);
                forms.add(new OpcodeForm(forms.size(), encoding, mnemonic, c[3], operands,
                        flags(c[4], cc, lineNumber), written, undefined, attributes, cc));
            }
        } else {
            String cc = attributeValue(attributes, "cc");
            int condition = cc == null ? -1 : Integer.parseInt(cc);
            forms.add(new OpcodeForm(forms.size(), c[0], c[1], c[3], operands,
                    flags(c[4], condition, lineNumber), written, undefined, attributes, condition));
        }
    }

    private static String expandCondition(String encoding, int cc) {
        StringBuilder s = new StringBuilder();
        for (String token : encoding.split(" ")) {
            if (s.length() > 0) s.append(' ');
            if (token.endsWith("+cc")) {
                int base = Integer.parseInt(token.substring(0, token.length() - 3), 16);
                s.append(String.format("%02X", base + cc));
            } else {
                s.append(token);
            }
        }
        return s.toString();
    }

    private static String attributeValue(Set<String> attributes, String name) {
        for (String a : attributes) if (a.startsWith(name + "=")) return a.substring(name.length() + 1);
        return null;
    }

    private static int flags(String text, int condition, int lineNumber) {
        if (text.equals("-")) return 0;
        if (text.equals("*")) return ALL_FLAGS;
        if (text.equals("cc")) {
            if (condition < 0) throw new IllegalStateException(RESOURCE + ":" + lineNumber + ": cc without a condition");
            return Condition.of(condition).flagsRead;
        }
        int mask = 0;
        for (char f : text.toCharArray()) {
            mask |= switch (f) {
                case 'O' -> Eflags.OF;
                case 'D' -> Eflags.DF;
                case 'I' -> Eflags.IF;
                case 'T' -> Eflags.TF;
                case 'S' -> Eflags.SF;
                case 'Z' -> Eflags.ZF;
                case 'A' -> Eflags.AF;
                case 'P' -> Eflags.PF;
                case 'C' -> Eflags.CF;
                default -> throw new IllegalStateException(RESOURCE + ":" + lineNumber + ": unknown flag " + f);
            };
        }
        return mask;
    }
}
