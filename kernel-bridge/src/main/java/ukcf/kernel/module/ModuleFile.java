package ukcf.kernel.module;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import ukcf.kernel.abi.KernelAbi;

/**
 * A parsed and validated ELF32 i386 relocatable kernel module ({@code .ko}). Validation follows Linux's
 * {@code elf_validity_check} and {@code setup_load_info} (kernel/module/main.c): header identity, section table
 * bounds, string tables terminated, exactly one symbol table, one {@code .gnu.linkonce.this_module} of the
 * kernel's {@code sizeof(struct module)}. It goes further, because Linux trusts root and we trust no module: every
 * section lies inside the file and no two overlap, every name and symbol index is in range, every defined symbol
 * lies inside its section, every relocation's place lies inside its target section and uses one of the three
 * types the loader applies. Counts are bounded by the file's own size (each entry occupies file bytes), and
 * {@code SHT_NOBITS} sections by {@link #MAX_NOBITS_BYTES}, so no input can make the loader allocate without limit.
 *
 * <p>Once constructed, every index and offset in this object has been checked; later stages do not re-check.
 */
public final class ModuleFile {
    /** Uninitialised data a module may ask for in total (.bss and friends); the largest Debian module needs far less. */
    public static final long MAX_NOBITS_BYTES = 64L << 20;
    /** Largest section alignment accepted: a page, as the loader aligns parts to pages anyway. */
    public static final int MAX_ALIGNMENT = 4096;
    public static final String THIS_MODULE_SECTION = ".gnu.linkonce.this_module";
    public static final String MODINFO_SECTION = ".modinfo";

    /** One section header, with its name resolved. */
    public record Section(int index, String name, int type, int flags, long offset, long size, int link, int info,
                          long alignment, long entrySize) {
        public boolean isAllocated() { return (flags & Elf.SHF_ALLOC) != 0; }
        public boolean isWritable() { return (flags & Elf.SHF_WRITE) != 0; }
        public boolean isExecutable() { return (flags & Elf.SHF_EXECINSTR) != 0; }
        public boolean hasFileBytes() { return type != Elf.SHT_NOBITS; }
    }

    /** One symbol table entry; {@code sectionIndex} is st_shndx (0 undefined, 0xfff1 absolute). */
    public record Symbol(int index, String name, int value, int size, int binding, int type, int sectionIndex) {
        public boolean isUndefined() { return sectionIndex == Elf.SHN_UNDEF; }
        public boolean isAbsolute() { return sectionIndex == Elf.SHN_ABS; }
        public boolean isGlobal() { return binding == Elf.STB_GLOBAL || binding == Elf.STB_WEAK; }
    }

    /** One REL entry: patch {@code offset} in section {@code targetSection} with symbol {@code symbolIndex}. */
    public record Relocation(int relocationSection, int entry, int targetSection, int offset, RelocationType type,
                             int symbolIndex) { }

    private final String fileName;
    private final byte[] bytes;
    private final List<Section> sections;
    private final List<Symbol> symbols;
    private final List<Relocation> relocations;
    private final int symbolTableIndex;
    private final int thisModuleIndex;

    private ModuleFile(String fileName, byte[] bytes, List<Section> sections, List<Symbol> symbols,
                       List<Relocation> relocations, int symbolTableIndex, int thisModuleIndex) {
        this.fileName = fileName;
        this.bytes = bytes;
        this.sections = sections;
        this.symbols = symbols;
        this.relocations = relocations;
        this.symbolTableIndex = symbolTableIndex;
        this.thisModuleIndex = thisModuleIndex;
    }

    /** Parses and validates {@code bytes}; {@code fileName} names the module in errors until .modinfo gives a name. */
    public static ModuleFile parse(String fileName, byte[] bytes, KernelAbi abi) {
        return new Parser(fileName, bytes, abi).parse();
    }

    public String fileName() { return fileName; }

    public int fileSize() { return bytes.length; }

    public List<Section> sections() { return sections; }

    public Section section(int index) { return sections.get(index); }

    public Optional<Section> section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public List<Symbol> symbols() { return symbols; }

    public Symbol symbol(int index) { return symbols.get(index); }

    /** Every relocation of a SHF_ALLOC section, in file order (relocations of other sections are never applied). */
    public List<Relocation> relocations() { return relocations; }

    public Section symbolTable() { return sections.get(symbolTableIndex); }

    public Section thisModule() { return sections.get(thisModuleIndex); }

    /** A copy of the file bytes of {@code section} (zeros for SHT_NOBITS). */
    public byte[] contents(Section section) {
        if (!section.hasFileBytes()) return new byte[(int) section.size()];
        return Arrays.copyOfRange(bytes, (int) section.offset(), (int) (section.offset() + section.size()));
    }

    /** The file offset of byte {@code offset} of {@code section}, for error messages. */
    public long fileOffsetOf(Section section, long offset) {
        return section.offset() + offset;
    }

    /** The validation, one method per concern, in the order Linux checks (and then the checks Linux leaves out). */
    private static final class Parser {
        private final String name;
        private final byte[] bytes;
        private final KernelAbi abi;
        private final List<Section> sections = new ArrayList<>();
        private int sectionNameTable;

        Parser(String name, byte[] bytes, KernelAbi abi) {
            this.name = name;
            this.bytes = bytes;
            this.abi = abi;
        }

        ModuleFile parse() {
            checkIdentity();
            int sectionCount = checkSectionTable();
            readSections(sectionCount);
            checkSectionsInFile();
            checkNoOverlaps();
            int symtab = findSymbolTable();
            List<Symbol> symbols = readSymbols(sections.get(symtab));
            int thisModule = findThisModule();
            List<Relocation> relocations = readRelocations(symtab, symbols.size());
            checkModinfoTerminated();
            return new ModuleFile(name, bytes, List.copyOf(sections), List.copyOf(symbols),
                    List.copyOf(relocations), symtab, thisModule);
        }

        private void checkIdentity() {
            if (bytes.length < Elf.EHDR_SIZE) {
                throw error("file too short for an ELF header (%d bytes, need %d)", bytes.length, Elf.EHDR_SIZE).exception();
            }
            if (bytes[0] != 0x7f || bytes[1] != 'E' || bytes[2] != 'L' || bytes[3] != 'F') {
                throw error("not an ELF file (bad magic)").atOffset(0).exception();
            }
            if (bytes[4] != Elf.ELFCLASS32) {
                throw error("ELF class %d is not ELFCLASS32: not an i386 module", bytes[4]).atOffset(4).exception();
            }
            if (bytes[5] != Elf.ELFDATA2LSB) {
                throw error("ELF data encoding %d is not little-endian", bytes[5]).atOffset(5).exception();
            }
            if (bytes[6] != Elf.EV_CURRENT || u32(20) != Elf.EV_CURRENT) {
                throw error("ELF version %d is not EV_CURRENT", bytes[6] != Elf.EV_CURRENT ? bytes[6] : u32(20)).atOffset(6).exception();
            }
            int type = u16(16);
            if (type != Elf.ET_REL) {
                throw error("ELF type %s is not a relocatable module (ET_REL)", Elf.typeName(type)).atOffset(16).exception();
            }
            int machine = u16(18);
            if (machine != Elf.EM_386) {
                throw error("machine %s is not i386", Elf.machineName(machine)).atOffset(18).exception();
            }
            if (u16(40) < Elf.EHDR_SIZE) {
                throw error("ELF header size %d is smaller than %d", u16(40), Elf.EHDR_SIZE).atOffset(40).exception();
            }
        }

        /** e_shoff, e_shentsize, e_shnum, e_shstrndx; returns e_shnum. */
        private int checkSectionTable() {
            long tableOffset = u32(32);
            int entrySize = u16(46);
            int count = u16(48);
            int names = u16(50);
            if (entrySize != Elf.SHDR_SIZE) {
                throw error("section header size %d, expected %d", entrySize, Elf.SHDR_SIZE).atOffset(46).exception();
            }
            if (count == 0) throw error("no section headers").atOffset(48).exception();
            if (tableOffset < Elf.EHDR_SIZE) {
                throw error("section header table at 0x%x overlaps the ELF header", tableOffset).atOffset(32).exception();
            }
            if (tableOffset + (long) count * Elf.SHDR_SIZE > bytes.length) {
                throw error("section header table (%d entries at 0x%x) runs past the end of the file (%d bytes)",
                        count, tableOffset, bytes.length).atOffset(32).exception();
            }
            if (names == Elf.SHN_UNDEF || names >= count) {
                throw error("section name string table index %d out of range (%d sections)", names, count).atOffset(50).exception();
            }
            sectionNameTable = names;
            return count;
        }

        private void readSections(int count) {
            long table = u32(32);
            List<long[]> raw = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int at = (int) (table + (long) i * Elf.SHDR_SIZE);
                raw.add(new long[] {u32(at), u32(at + 4), u32(at + 8), u32(at + 16), u32(at + 20), u32(at + 24),
                        u32(at + 28), u32(at + 32), u32(at + 36)});
            }
            if (raw.get(0)[1] != Elf.SHT_NULL) {
                throw error("section 0 has type %d, must be SHT_NULL", raw.get(0)[1]).atOffset(table + 4).exception();
            }
            long[] nameTable = raw.get(sectionNameTable);
            long nameTableOffset = table + (long) sectionNameTable * Elf.SHDR_SIZE;
            if (nameTable[1] != Elf.SHT_STRTAB) {
                throw error("section name table (section %d) has type %d, not SHT_STRTAB", sectionNameTable, nameTable[1])
                        .atOffset(nameTableOffset + 4).exception();
            }
            checkStringTable(nameTable[3], nameTable[4], "section name table", "#" + sectionNameTable, nameTableOffset);
            for (int i = 0; i < count; i++) {
                long[] h = raw.get(i);
                long headerOffset = table + (long) i * Elf.SHDR_SIZE;
                if (h[0] >= nameTable[4]) {
                    throw error("section %d name index %d is outside the section name table (%d bytes)", i, h[0], nameTable[4])
                            .atOffset(headerOffset).exception();
                }
                String sectionName = string(nameTable[3] + h[0]);
                long alignment = h[7];
                if (alignment != 0 && ((alignment & (alignment - 1)) != 0 || alignment > MAX_ALIGNMENT)) {
                    throw error("alignment %d is not a power of two up to %d", alignment, MAX_ALIGNMENT)
                            .inSection(sectionName).atOffset(headerOffset + 32).exception();
                }
                sections.add(new Section(i, sectionName, (int) h[1], (int) h[2], h[3], h[4], (int) h[5], (int) h[6],
                        alignment, h[8]));
            }
        }

        private void checkStringTable(long offset, long size, String what, String section, long headerOffset) {
            if (size == 0) throw error("%s is empty", what).inSection(section).atOffset(headerOffset + 20).exception();
            if (offset + size > bytes.length) {
                throw error("%s (0x%x bytes at 0x%x) runs past the end of the file (%d bytes)", what, size, offset, bytes.length)
                        .inSection(section).atOffset(headerOffset + 16).exception();
            }
            if (bytes[(int) (offset + size - 1)] != 0) {
                throw error("%s is not NUL-terminated", what).inSection(section).atOffset(offset + size - 1).exception();
            }
        }

        private void checkSectionsInFile() {
            long nobits = 0;
            for (Section s : sections) {
                if (s.type() == Elf.SHT_NULL) continue;
                long header = headerOffset(s);
                if (s.hasFileBytes()) {
                    if (s.offset() + s.size() > bytes.length) {
                        throw error("0x%x bytes at 0x%x run past the end of the file (%d bytes)", s.size(), s.offset(), bytes.length)
                                .inSection(s.name()).atOffset(header + 16).exception();
                    }
                } else if (s.isAllocated()) {
                    nobits += s.size();
                    if (nobits > MAX_NOBITS_BYTES) {
                        throw error("uninitialised data of 0x%x bytes exceeds the limit of 0x%x", nobits, MAX_NOBITS_BYTES)
                                .inSection(s.name()).atOffset(header + 20).exception();
                    }
                }
                if (s.type() == Elf.SHT_RELA) {
                    throw error("RELA relocations are not used by i386 modules").inSection(s.name()).atOffset(header + 4).exception();
                }
            }
        }

        /** No two sections share file bytes, nor does one cover the ELF header or the section header table. */
        private void checkNoOverlaps() {
            List<long[]> extents = new ArrayList<>();  // start, end, section index (-1 header, -2 section table)
            extents.add(new long[] {0, Elf.EHDR_SIZE, -1});
            extents.add(new long[] {u32(32), u32(32) + (long) sections.size() * Elf.SHDR_SIZE, -2});
            for (Section s : sections) {
                if (s.hasFileBytes() && s.size() > 0 && s.type() != Elf.SHT_NULL) {
                    extents.add(new long[] {s.offset(), s.offset() + s.size(), s.index()});
                }
            }
            extents.sort(Comparator.comparingLong((long[] e) -> e[0]).thenComparingLong(e -> e[1]));
            for (int i = 1; i < extents.size(); i++) {
                long[] previous = extents.get(i - 1), current = extents.get(i);
                if (current[0] < previous[1]) {
                    long[] section = current[2] >= 0 ? current : previous;  // at most one is a header table
                    long[] other = section == current ? previous : current;
                    throw error("file bytes 0x%x..0x%x overlap %s", current[0], Math.min(current[1], previous[1]),
                            describeExtent(other)).inSection(sections.get((int) section[2]).name())
                            .atOffset(current[0]).exception();
                }
            }
        }

        private String describeExtent(long[] extent) {
            if (extent[2] == -1) return "the ELF header";
            if (extent[2] == -2) return "the section header table";
            return "section " + sections.get((int) extent[2]).name();
        }

        private int findSymbolTable() {
            int found = -1;
            for (Section s : sections) {
                if (s.type() == Elf.SHT_DYNSYM) {
                    throw error("a module has no dynamic symbol table").inSection(s.name()).exception();
                }
                if (s.type() != Elf.SHT_SYMTAB) continue;
                if (found >= 0) {
                    throw error("more than one symbol table (%s and %s)", sections.get(found).name(), s.name())
                            .inSection(s.name()).atOffset(headerOffset(s) + 4).exception();
                }
                found = s.index();
            }
            if (found < 0) throw error("no symbol table").exception();
            Section symtab = sections.get(found);
            if (symtab.entrySize() != Elf.SYM_SIZE || symtab.size() % Elf.SYM_SIZE != 0 || symtab.size() == 0) {
                throw error("symbol table entry size %d / size %d is not a whole number of %d-byte entries",
                        symtab.entrySize(), symtab.size(), Elf.SYM_SIZE).inSection(symtab.name()).atOffset(headerOffset(symtab) + 20).exception();
            }
            if (symtab.link() <= 0 || symtab.link() >= sections.size() || sections.get(symtab.link()).type() != Elf.SHT_STRTAB) {
                throw error("symbol string table index %d is not a string table", symtab.link())
                        .inSection(symtab.name()).atOffset(headerOffset(symtab) + 24).exception();
            }
            Section strtab = sections.get(symtab.link());
            checkStringTable(strtab.offset(), strtab.size(), "symbol string table", strtab.name(), headerOffset(strtab));
            return found;
        }

        private List<Symbol> readSymbols(Section symtab) {
            Section strtab = sections.get(symtab.link());
            int count = (int) (symtab.size() / Elf.SYM_SIZE);
            List<Symbol> symbols = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long at = symtab.offset() + (long) i * Elf.SYM_SIZE;
                long nameIndex = u32((int) at);
                if (nameIndex >= strtab.size()) {
                    throw error("symbol %d name index %d is outside %s (%d bytes)", i, nameIndex, strtab.name(), strtab.size())
                            .entry(symtab.name(), i).atOffset(at).exception();
                }
                String symbolName = string(strtab.offset() + nameIndex);
                int value = (int) u32((int) at + 4);
                int size = (int) u32((int) at + 8);
                int info = bytes[(int) at + 12] & 0xff;
                int shndx = u16((int) at + 14);
                if (shndx == Elf.SHN_COMMON) {
                    throw error("common symbol %s: modules must be built with -fno-common", symbolName)
                            .entry(symtab.name(), i).atOffset(at + 14).exception();
                }
                if (shndx != Elf.SHN_UNDEF && shndx != Elf.SHN_ABS && shndx >= sections.size()) {
                    throw error("symbol %s section index %d is out of range (%d sections)", symbolName, shndx, sections.size())
                            .entry(symtab.name(), i).atOffset(at + 14).exception();
                }
                if (shndx != Elf.SHN_UNDEF && shndx != Elf.SHN_ABS) {
                    Section home = sections.get(shndx);
                    if (Integer.toUnsignedLong(value) > home.size()) {
                        throw error("symbol %s value 0x%x lies outside its section %s (0x%x bytes)", symbolName, value,
                                home.name(), home.size()).entry(symtab.name(), i).atOffset(at + 4).exception();
                    }
                }
                if (i == 0 && (shndx != Elf.SHN_UNDEF || value != 0 || nameIndex != 0)) {
                    throw error("symbol 0 must be the null symbol").entry(symtab.name(), 0).atOffset(at).exception();
                }
                symbols.add(new Symbol(i, symbolName, value, size, info >>> 4, info & 0xf, shndx));
            }
            return symbols;
        }

        private List<Relocation> readRelocations(int symtab, int symbolCount) {
            List<Relocation> relocations = new ArrayList<>();
            for (Section s : sections) {
                if (s.type() != Elf.SHT_REL) continue;
                long header = headerOffset(s);
                if (s.entrySize() != Elf.REL_SIZE || s.size() % Elf.REL_SIZE != 0) {
                    throw error("relocation entry size %d / size %d is not a whole number of %d-byte entries",
                            s.entrySize(), s.size(), Elf.REL_SIZE).inSection(s.name()).atOffset(header + 20).exception();
                }
                if (s.link() != symtab) {
                    throw error("relocations refer to section %d, not the symbol table (section %d)", s.link(), symtab)
                            .inSection(s.name()).atOffset(header + 24).exception();
                }
                if (s.info() <= 0 || s.info() >= sections.size()) {
                    throw error("relocation target section %d is out of range (%d sections)", s.info(), sections.size())
                            .inSection(s.name()).atOffset(header + 28).exception();
                }
                Section target = sections.get(s.info());
                if (!target.hasFileBytes() || target.type() == Elf.SHT_REL || target.type() == Elf.SHT_SYMTAB
                        || target.type() == Elf.SHT_STRTAB) {
                    throw error("relocation target %s (type %d) cannot be relocated", target.name(), target.type())
                            .inSection(s.name()).atOffset(header + 28).exception();
                }
                int count = (int) (s.size() / Elf.REL_SIZE);
                for (int i = 0; i < count; i++) {
                    long at = s.offset() + (long) i * Elf.REL_SIZE;
                    long offset = u32((int) at);
                    long info = u32((int) at + 4);
                    int type = (int) (info & 0xff);
                    long symbol = info >>> 8;
                    if (symbol >= symbolCount) {
                        throw error("relocation symbol index %d is out of range (%d symbols)", symbol, symbolCount)
                                .entry(s.name(), i).atOffset(at + 4).exception();
                    }
                    if (offset + 4 > target.size()) {
                        throw error("relocation offset 0x%x lies outside %s (0x%x bytes)", offset, target.name(), target.size())
                                .entry(s.name(), i).atOffset(at).exception();
                    }
                    if (!target.isAllocated()) continue;  // never loaded, so never relocated (as in Linux)
                    if (!RelocationType.isSupported(type)) {
                        throw error("unsupported relocation %s", RelocationType.nameOf(type)).entry(s.name(), i)
                                .atOffset(at + 4).exception();
                    }
                    relocations.add(new Relocation(s.index(), i, target.index(), (int) offset, RelocationType.of(type), (int) symbol));
                }
            }
            return relocations;
        }

        private int findThisModule() {
            int found = -1;
            for (Section s : sections) {
                if (!s.name().equals(THIS_MODULE_SECTION)) continue;
                if (found >= 0) throw error("more than one %s section", THIS_MODULE_SECTION).inSection(s.name()).exception();
                found = s.index();
            }
            if (found < 0) throw error("no %s section: not a kernel module", THIS_MODULE_SECTION).exception();
            Section s = sections.get(found);
            int expected = abi.struct("module").size();
            if (!s.isAllocated() || !s.hasFileBytes()) {
                throw error("%s must be an allocated section with contents", THIS_MODULE_SECTION).inSection(s.name())
                        .atOffset(headerOffset(s) + 4).exception();
            }
            if (s.size() != expected) {
                throw error("%s is %d bytes, but struct module of kernel %s is %d", THIS_MODULE_SECTION, s.size(),
                        abi.release(), expected).inSection(s.name()).atOffset(headerOffset(s) + 20).exception();
            }
            return found;
        }

        private void checkModinfoTerminated() {
            for (Section s : sections) {
                if (s.name().equals(MODINFO_SECTION) && s.size() > 0 && s.hasFileBytes()
                        && bytes[(int) (s.offset() + s.size() - 1)] != 0) {
                    throw error("the last string is not NUL-terminated").inSection(s.name())
                            .atOffset(s.offset() + s.size() - 1).exception();
                }
            }
        }

        private long headerOffset(Section s) {
            return u32(32) + (long) s.index() * Elf.SHDR_SIZE;
        }

        /** The NUL-terminated string at {@code offset}, which lies in a table already checked to end in NUL. */
        private String string(long offset) {
            int start = (int) offset, end = start;
            while (bytes[end] != 0) end++;
            return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
        }

        private int u16(int at) {
            return (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8;
        }

        private long u32(int at) {
            return Integer.toUnsignedLong((bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8
                    | (bytes[at + 2] & 0xff) << 16 | (bytes[at + 3] & 0xff) << 24);
        }

        private LoadError error(String format, Object... args) {
            return LoadError.of(name, format, args);
        }
    }
}
