package ukcf.cpu.disasm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ukcf.cpu.decode.Decoder;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.fault.GuestFault;

/**
 * The decoder agreement check: runs GNU objdump -d over an ELF32 i386 file, decodes every instruction objdump
 * lists (in every executable section) with ukcf's decoder from the same bytes, and counts where the two
 * disagree on length or on the mnemonic (with its suffix and prefixes, as objdump prints them). Instructions
 * objdump itself cannot decode ({@code (bad)}, data in code) are counted apart and not compared.
 */
public final class ObjdumpAgreement {
    /** How many mismatches a report lists (system property {@code ukcf.decodeCheck.listed}, default 20). */
    public static final int LISTED_MISMATCHES = Integer.getInteger("ukcf.decodeCheck.listed", 20);

    private static final Pattern SECTION = Pattern.compile("^Disassembly of section (\\S+):$");
    private static final Pattern LINE = Pattern.compile("^\\s*([0-9a-f]+):\\t((?:[0-9a-f]{2} ?)+)\\s*(?:\\t(.*))?$");

    private ObjdumpAgreement() { }

    /**
     * Totals of one check; {@code decoded} counts instructions ukcf decoded without a fault;
     * {@code textMismatches} counts instructions of the right length and mnemonic whose full text (operands
     * included, objdump's {@code <symbol>} annotations left out) still differs.
     */
    public record Counts(long instructions, long decoded, long lengthMismatches, long mnemonicMismatches,
                         long textMismatches, long objdumpBad, List<String> firstMismatches) {

        public boolean agrees() { return instructions > 0 && decoded == instructions && lengthMismatches == 0 && mnemonicMismatches == 0; }

        public double decodedPercent() { return instructions == 0 ? 0 : 100.0 * decoded / instructions; }

        public String summary() {
            return String.format("%d instructions, %.4f%% decoded, %d length mismatches, %d mnemonic mismatches, "
                    + "%d operand text mismatches, %d (bad) in objdump", instructions, decodedPercent(),
                    lengthMismatches, mnemonicMismatches, textMismatches, objdumpBad);
        }

        Counts plus(Counts o) {
            List<String> listed = new ArrayList<>(firstMismatches);
            for (String m : o.firstMismatches) if (listed.size() < LISTED_MISMATCHES) listed.add(m);
            return new Counts(instructions + o.instructions, decoded + o.decoded, lengthMismatches + o.lengthMismatches,
                    mnemonicMismatches + o.mnemonicMismatches, textMismatches + o.textMismatches,
                    objdumpBad + o.objdumpBad, listed);
        }

        static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, List.of());
    }

    /** The objdump to run: i686-linux-gnu-objdump when on PATH, else objdump. */
    public static String objdumpCommand() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (Files.isExecutable(Path.of(dir, "i686-linux-gnu-objdump"))) return "i686-linux-gnu-objdump";
            }
        }
        return "objdump";
    }

    /** The first line of {@code objdump --version}, or null when objdump cannot run. */
    public static String objdumpVersion() {
        try {
            Process p = new ProcessBuilder(objdumpCommand(), "--version").redirectErrorStream(true).start();
            String first;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                first = in.readLine();
                while (in.readLine() != null) { /* drain */ }
            }
            return p.waitFor() == 0 ? first : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Checks one file and prints a summary with the first mismatches to {@code out}. */
    public static Counts report(Path elf, PrintStream out) {
        Counts c = check(elf);
        out.printf("%s: %s%n", elf, c.summary());
        for (String m : c.firstMismatches) out.println("  " + m);
        return c;
    }

    /** Checks several files, printing one summary line per file and a total. */
    public static Counts report(List<Path> elves, PrintStream out) {
        Counts total = Counts.ZERO;
        for (Path elf : elves) total = total.plus(report(elf, out));
        out.printf("total: %s%n", total.summary());
        return total;
    }

    /** {@code ObjdumpAgreement FILE...}: prints the report; exits 0 only when every file agrees. */
    public static void main(String[] args) {
        List<Path> files = new ArrayList<>();
        for (String a : args) files.add(Path.of(a));
        System.exit(report(files, System.out).agrees() ? 0 : 1);
    }

    public static Counts check(Path elf) {
        Map<String, Section> sections = executableSections(elf);
        Process process;
        try {
            process = new ProcessBuilder(objdumpCommand(), "-d", elf.toString()).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run objdump", e);
        }
        Tally tally = new Tally();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            Section section = null;
            Listed pending = null;
            String line;
            while ((line = in.readLine()) != null) {
                Matcher s = SECTION.matcher(line);
                if (s.matches()) {
                    if (pending != null) tally.compare(pending);
                    pending = null;
                    section = sections.get(s.group(1));
                    continue;
                }
                if (section == null) continue;
                Matcher m = LINE.matcher(line);
                if (!m.matches()) continue;
                int bytes = m.group(2).trim().split(" ").length;
                if (m.group(3) == null) {
                    // objdump continues a long instruction's bytes on the next line
                    if (pending != null) pending = pending.longer(bytes);
                    continue;
                }
                if (pending != null) tally.compare(pending);
                pending = new Listed(section, (int) Long.parseLong(m.group(1), 16), bytes, m.group(3).trim());
            }
            if (pending != null) tally.compare(pending);
            process.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Counts(tally.instructions, tally.decoded, tally.lengthMismatches, tally.mnemonicMismatches,
                tally.textMismatches, tally.bad, tally.listed);
    }

    /** One instruction as objdump lists it. */
    private record Listed(Section section, int address, int length, String text) {
        Listed longer(int bytes) { return new Listed(section, address, length + bytes, text); }
    }

    private static final class Tally {
        long instructions, decoded, lengthMismatches, mnemonicMismatches, textMismatches, bad;
        final List<String> listed = new ArrayList<>();

        void compare(Listed l) {
            String text = l.text;
            if (text.contains("(bad)") || text.startsWith(".byte") || text.startsWith("(")) {
                bad++;
                return;
            }
            instructions++;
            String expected = objdumpMnemonic(text);
            int offset = l.address - l.section.address;
            String mismatch = null;
            try {
                Instruction insn = Decoder.decodeListing(l.section.bytes, offset, l.address);
                decoded++;
                String ours = AttSyntax.mnemonicWithPrefixes(insn);
                if (insn.length() != l.length) {
                    lengthMismatches++;
                    mismatch = "length " + insn.length() + " vs " + l.length;
                } else if (!ours.equals(expected)) {
                    mnemonicMismatches++;
                    mismatch = "mnemonic '" + ours + "' vs '" + expected + "'";
                } else if (!AttSyntax.format(insn).equals(withoutSymbols(text))) {
                    textMismatches++;
                    mismatch = "operands";
                }
                if (mismatch != null) mismatch += " (ukcf: " + AttSyntax.format(insn) + ")";
            } catch (GuestFault f) {
                mismatch = "not decoded: " + f.getMessage();
            }
            if (mismatch != null && listed.size() < LISTED_MISMATCHES) {
                listed.add(String.format("%s+0x%x [%s] objdump: %s; %s", l.section.name, l.address,
                        hex(l.section.bytes, offset, l.length), text, mismatch));
            }
        }
    }

    /**
     * The mnemonic part of an objdump instruction text: the leading words before the operands (prefix names
     * and the mnemonic). A branch target (hex, with a {@code <symbol>} after it) is an operand.
     */
    static String objdumpMnemonic(String text) {
        String[] words = text.split("\\s+");
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            boolean target = i + 1 < words.length && words[i + 1].startsWith("<");
            if (target || w.startsWith("0x") || !w.matches("[a-z][a-z0-9-]*(,p[nt])?")) break;
            if (s.length() > 0) s.append(' ');
            s.append(w);
        }
        return s.toString();
    }

    private static final Pattern SYMBOLIZED_TARGET = Pattern.compile("(^|[ ,*])([0-9a-f]+) <[^>]*>$");

    /** objdump's text with a branch target's {@code <symbol>} dropped, the target written as ukcf writes it. */
    static String withoutSymbols(String text) {
        Matcher m = SYMBOLIZED_TARGET.matcher(text);
        return m.find() ? text.substring(0, m.start()) + m.group(1) + "0x" + m.group(2) : text;
    }

    private static String hex(byte[] bytes, int offset, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = offset; i < offset + length && i < bytes.length; i++) {
            if (i > offset) s.append(' ');
            s.append(String.format("%02x", bytes[i] & 0xFF));
        }
        return s.toString();
    }

    private record Section(String name, int address, byte[] bytes) { }

    private static final int SHF_EXECINSTR = 4, SHT_NOBITS = 8;

    /** The executable sections of an ELF32 little-endian file, by name. */
    private static Map<String, Section> executableSections(Path elf) {
        byte[] file;
        try {
            file = Files.readAllBytes(elf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < 52 || b.getInt(0) != 0x464C457F || file[4] != 1 || file[5] != 1) {
            throw new IllegalArgumentException(elf + " is not a little-endian ELF32 file");
        }
        int shoff = b.getInt(32);
        int shentsize = b.getShort(46) & 0xFFFF;
        int shnum = b.getShort(48) & 0xFFFF;
        int shstrndx = b.getShort(50) & 0xFFFF;
        int namesOffset = b.getInt(shoff + shstrndx * shentsize + 16);
        Map<String, Section> sections = new HashMap<>();
        for (int i = 0; i < shnum; i++) {
            int h = shoff + i * shentsize;
            int type = b.getInt(h + 4);
            int flags = b.getInt(h + 8);
            if ((flags & SHF_EXECINSTR) == 0 || type == SHT_NOBITS) continue;
            int offset = b.getInt(h + 16);
            int size = b.getInt(h + 20);
            byte[] bytes = java.util.Arrays.copyOfRange(file, offset, offset + size);
            String name = cString(file, namesOffset + b.getInt(h));
            sections.put(name, new Section(name, b.getInt(h + 12), bytes));
        }
        return sections;
    }

    private static String cString(byte[] file, int at) {
        int end = at;
        while (file[end] != 0) end++;
        return new String(file, at, end - at, StandardCharsets.ISO_8859_1);
    }
}
