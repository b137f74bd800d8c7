package ukcf.testdrivers.drivers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Just enough of an ELF32 reader to check what kbuild produced without binutils: the header's class, byte order,
 * type and machine, the sections by name, the NUL-separated "key=value" strings of .modinfo, and the undefined
 * symbols of .symtab (what {@code nm -u} lists). Field offsets are those of the System V ABI's Elf32_Ehdr,
 * Elf32_Shdr and Elf32_Sym.
 */
final class ModuleElf {
    static final int ELFCLASS32 = 1;
    static final int ELFDATA2LSB = 1;
    static final int ET_REL = 1;
    static final int EM_386 = 3;
    private static final int SHT_SYMTAB = 2;
    private static final int SYMBOL_BYTES = 16;
    private static final int SHN_UNDEF = 0;

    record Section(String name, int type, int offset, int size, int link) {
    }

    final int elfClass;
    final int byteOrder;
    final int type;
    final int machine;
    private final ByteBuffer image;
    private final Map<String, Section> sections = new LinkedHashMap<>();
    private final List<Section> byIndex = new ArrayList<>();

    ModuleElf(byte[] bytes) {
        image = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 52 || image.getInt(0) != 0x464c457f) {
            throw new IllegalArgumentException("not an ELF file");
        }
        elfClass = bytes[4];
        byteOrder = bytes[5];
        type = Short.toUnsignedInt(image.getShort(16));
        machine = Short.toUnsignedInt(image.getShort(18));
        int sectionTable = image.getInt(32);
        int entryBytes = Short.toUnsignedInt(image.getShort(46));
        int count = Short.toUnsignedInt(image.getShort(48));
        int namesIndex = Short.toUnsignedInt(image.getShort(50));
        for (int i = 0; i < count; i++) {
            int at = sectionTable + i * entryBytes;
            byIndex.add(new Section(Integer.toString(image.getInt(at)), image.getInt(at + 4), image.getInt(at + 16),
                    image.getInt(at + 20), image.getInt(at + 24)));
        }
        Section names = byIndex.get(namesIndex);
        for (int i = 0; i < count; i++) {
            Section s = byIndex.get(i);
            Section named = new Section(string(names.offset() + Integer.parseInt(s.name())), s.type(), s.offset(), s.size(), s.link());
            byIndex.set(i, named);
            sections.putIfAbsent(named.name(), named);
        }
    }

    Section section(String name) {
        Section s = sections.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no section " + name);
        }
        return s;
    }

    /** The "key=value" strings of .modinfo, in order (a key such as parm may repeat). */
    List<String> modinfo() {
        Section s = section(".modinfo");
        List<String> fields = new ArrayList<>();
        int at = s.offset();
        while (at < s.offset() + s.size()) {
            String field = string(at);
            if (!field.isEmpty()) {
                fields.add(field);
            }
            at += field.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        return fields;
    }

    TreeSet<String> undefinedSymbols() {
        Section symbols = byIndex.stream().filter(s -> s.type() == SHT_SYMTAB).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no symbol table"));
        Section names = byIndex.get(symbols.link());
        TreeSet<String> undefined = new TreeSet<>();
        for (int at = symbols.offset() + SYMBOL_BYTES; at < symbols.offset() + symbols.size(); at += SYMBOL_BYTES) {
            String name = string(names.offset() + image.getInt(at));
            if (Short.toUnsignedInt(image.getShort(at + 14)) == SHN_UNDEF && !name.isEmpty()) {
                undefined.add(name);
            }
        }
        return undefined;
    }

    private String string(int offset) {
        int end = offset;
        while (image.get(end) != 0) {
            end++;
        }
        return new String(image.array(), offset, end - offset, StandardCharsets.UTF_8);
    }
}
