package ukcf.kernel.module;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

/** The independent view of a module: binutils' {@code i686-linux-gnu-readelf -W -S -s -r}, parsed. */
final class ReadElf {
    record Section(int index, String name) { }
    record Symbol(int index, long value, String ndx, String name) { }
    record Reloc(String section, long offset, String type, int symbol) { }

    final Map<Integer, Section> sections = new HashMap<>();
    final Map<Integer, Symbol> symbols = new HashMap<>();
    final List<Reloc> relocations = new ArrayList<>();

    private static final Pattern SECTION = Pattern.compile("^\\s*\\[\\s*(\\d+)\\]\\s+(\\S+)\\s+[A-Z_]+\\s");
    private static final Pattern SYMBOL = Pattern.compile("^\\s*(\\d+):\\s+([0-9a-f]+)\\s+\\d+\\s+\\S+\\s+\\S+\\s+\\S+\\s+(\\S+)\\s*(\\S*)");
    private static final Pattern REL_HEADER = Pattern.compile("^Relocation section '([^']+)'");
    private static final Pattern REL = Pattern.compile("^([0-9a-f]{8})\\s+([0-9a-f]{8})\\s+(R_386_\\S+)");

    static ReadElf of(Path file) {
        String text;
        try {
            Process p = new ProcessBuilder("i686-linux-gnu-readelf", "-W", "-S", "-s", "-r", file.toString())
                    .redirectErrorStream(true).start();
            text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            Assumptions.abort("i686-linux-gnu-readelf is not installed (scripts/install-test-deps.sh): " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        ReadElf elf = new ReadElf();
        String currentRel = null;
        for (String line : text.split("\n")) {
            Matcher m;
            if ((m = SECTION.matcher(line)).find()) {
                elf.sections.put(Integer.parseInt(m.group(1)), new Section(Integer.parseInt(m.group(1)), m.group(2)));
            } else if ((m = REL_HEADER.matcher(line)).find()) {
                currentRel = m.group(1);
            } else if (currentRel != null && (m = REL.matcher(line)).find()) {
                elf.relocations.add(new Reloc(currentRel, Long.parseLong(m.group(1), 16), m.group(3),
                        (int) (Long.parseLong(m.group(2), 16) >>> 8)));
            } else if ((m = SYMBOL.matcher(line)).find()) {
                int index = Integer.parseInt(m.group(1));
                elf.symbols.put(index, new Symbol(index, Long.parseLong(m.group(2), 16), m.group(3), m.group(4)));
            }
        }
        return elf;
    }

    /** The name of the section a symbol is defined in (its Ndx), or null for UND/ABS. */
    String sectionOf(Symbol symbol) {
        if (!symbol.ndx().matches("\\d+")) return null;
        return sections.get(Integer.parseInt(symbol.ndx())).name();
    }
}
