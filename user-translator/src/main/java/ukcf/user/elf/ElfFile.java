package ukcf.user.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A validated ELF32 i386 executable image. {@link #parse} checks every header field and every bound before any
 * of it is used (as Linux's {@code load_elf_binary} and {@code elf_read_implies_exec} do, and more strictly), so
 * the loader never reads outside the file or maps a segment that makes no sense. Each failure is an
 * {@link ElfFormatException} naming the offending file offset.
 */
public final class ElfFile {
    public static final int ET_EXEC = 2, ET_DYN = 3;
    public static final int EM_386 = 3;
    public static final int EHDR_SIZE = 52, PHDR_SIZE = 32, SHDR_SIZE = 40;
    /** Linux refuses program header tables larger than this (ELF_MIN_ALIGN... see load_elf_phdrs). */
    public static final int MAX_PHDR_TABLE = 65536;
    /** The top of user space in the 3G/1G split: no segment may reach it. */
    public static final long USER_SPACE_END = 0xC0000000L;
    private static final int PAGE_SIZE = 4096;
    private static final int PATH_MAX = 4096;
    private static final int SHT_SYMTAB = 2, SHT_STRTAB = 3;
    private static final int STT_OBJECT = 1, STT_FUNC = 2;

    private final byte[] bytes;
    private final int type;
    private final long entry;
    private final long programHeaderOffset;
    private final List<ProgramHeader> programHeaders;
    private final ElfSymbols symbols;
    private final String interpreterPath;

    private ElfFile(byte[] bytes, int type, long entry, long programHeaderOffset, List<ProgramHeader> programHeaders,
                    ElfSymbols symbols, String interpreterPath) {
        this.interpreterPath = interpreterPath;
        this.bytes = bytes;
        this.type = type;
        this.entry = entry;
        this.programHeaderOffset = programHeaderOffset;
        this.programHeaders = programHeaders;
        this.symbols = symbols;
    }

    public byte[] bytes() { return bytes; }
    public int type() { return type; }
    public boolean isPositionIndependent() { return type == ET_DYN; }
    public long entry() { return entry; }
    public long programHeaderOffset() { return programHeaderOffset; }
    public List<ProgramHeader> programHeaders() { return programHeaders; }
    public ElfSymbols symbols() { return symbols; }

    /** PT_INTERP's path (the dynamic linker, a guest path), or null for a statically linked program. */
    public String interpreterPath() { return interpreterPath; }

    public List<ProgramHeader> loadSegments() {
        return programHeaders.stream().filter(ProgramHeader::isLoad).toList();
    }

    public ProgramHeader find(int segmentType) {
        return programHeaders.stream().filter(p -> p.type() == segmentType).findFirst().orElse(null);
    }

    /** Parses and validates {@code bytes}; nothing of the file is trusted before its check. */
    public static ElfFile parse(byte[] bytes) throws ElfFormatException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 4 || b.getInt(0) != 0x464c457f) {
            throw new ElfFormatException(0, "not an ELF file (no \\x7fELF magic)");
        }
        if (bytes.length < EHDR_SIZE) {
            throw new ElfFormatException(bytes.length, "file ends inside the ELF header (" + bytes.length + " of "
                    + EHDR_SIZE + " bytes)");
        }
        expect(bytes[4] & 0xFF, 1, 4, "EI_CLASS", "ELFCLASS32 (1); ukcf runs 32-bit i386 programs");
        expect(bytes[5] & 0xFF, 1, 5, "EI_DATA", "ELFDATA2LSB (1), little-endian");
        expect(bytes[6] & 0xFF, 1, 6, "EI_VERSION", "EV_CURRENT (1)");
        int osAbi = bytes[7] & 0xFF;
        if (osAbi != 0 && osAbi != 3) {
            throw new ElfFormatException(7, "EI_OSABI " + osAbi + " is not System V (0) or GNU/Linux (3)");
        }
        int type = b.getShort(16) & 0xFFFF;
        if (type != ET_EXEC && type != ET_DYN) {
            throw new ElfFormatException(16, "e_type " + type + " is not an executable (ET_EXEC 2 or ET_DYN 3)"
                    + (type == 1 ? "; relocatable objects (.o, .ko) are not programs" : ""));
        }
        expect(b.getShort(18) & 0xFFFF, EM_386, 18, "e_machine", "EM_386 (3)");
        expect(b.getInt(20), 1, 20, "e_version", "EV_CURRENT (1)");
        long entry = u32(b, 24);
        long phoff = u32(b, 28);
        long shoff = u32(b, 32);
        expect(b.getShort(40) & 0xFFFF, EHDR_SIZE, 40, "e_ehsize", EHDR_SIZE + " bytes");
        int phentsize = b.getShort(42) & 0xFFFF;
        int phnum = b.getShort(44) & 0xFFFF;
        int shentsize = b.getShort(46) & 0xFFFF;
        int shnum = b.getShort(48) & 0xFFFF;
        int shstrndx = b.getShort(50) & 0xFFFF;
        expect(phentsize, PHDR_SIZE, 42, "e_phentsize", PHDR_SIZE + " bytes");
        if (phnum == 0) throw new ElfFormatException(44, "e_phnum is 0: an executable needs program headers");
        if ((long) phnum * PHDR_SIZE > MAX_PHDR_TABLE) {
            throw new ElfFormatException(44, "e_phnum " + phnum + " makes a program header table over 64 KiB");
        }
        if (phoff < EHDR_SIZE || phoff + (long) phnum * PHDR_SIZE > bytes.length) {
            throw new ElfFormatException(28, String.format("e_phoff 0x%x with %d entries lies outside the file "
                    + "(0x%x bytes)", phoff, phnum, bytes.length));
        }
        if (shnum != 0) {
            expect(shentsize, SHDR_SIZE, 46, "e_shentsize", SHDR_SIZE + " bytes");
            if (shoff < EHDR_SIZE || shoff + (long) shnum * SHDR_SIZE > bytes.length) {
                throw new ElfFormatException(32, String.format("e_shoff 0x%x with %d entries lies outside the file "
                        + "(0x%x bytes)", shoff, shnum, bytes.length));
            }
            if (shstrndx >= shnum) {
                throw new ElfFormatException(50, "e_shstrndx " + shstrndx + " is not below e_shnum " + shnum);
            }
        }
        List<ProgramHeader> headers = readProgramHeaders(b, phoff, phnum, bytes.length);
        validateEntry(headers, type, entry);
        ElfSymbols symbols = shnum == 0 ? ElfSymbols.NONE : readSymbols(b, shoff, shnum, bytes.length);
        return new ElfFile(bytes, type, entry, phoff, List.copyOf(headers), symbols, interpreterPath(b, headers));
    }

    /** PT_INTERP as load_elf_binary checks it: 2 to PATH_MAX bytes, the last one NUL (else ENOEXEC). */
    private static String interpreterPath(ByteBuffer b, List<ProgramHeader> headers) throws ElfFormatException {
        for (ProgramHeader p : headers) {
            if (p.type() != ProgramHeader.PT_INTERP) continue;
            if (p.fileSize() < 2 || p.fileSize() > PATH_MAX) {
                throw new ElfFormatException(p.tableOffset() + 16, "PT_INTERP p_filesz " + p.fileSize()
                        + " is not a path of 2 to " + PATH_MAX + " bytes");
            }
            if (b.get((int) (p.offset() + p.fileSize() - 1)) != 0) {
                throw new ElfFormatException(p.tableOffset() + 4, "PT_INTERP path does not end with a NUL byte");
            }
            return cString(b, p.offset(), p.offset() + p.fileSize());
        }
        return null;
    }

    private static List<ProgramHeader> readProgramHeaders(ByteBuffer b, long phoff, int phnum, long fileLength)
            throws ElfFormatException {
        List<ProgramHeader> headers = new ArrayList<>();
        ProgramHeader previousLoad = null;
        for (int i = 0; i < phnum; i++) {
            int at = (int) (phoff + (long) i * PHDR_SIZE);
            ProgramHeader p = new ProgramHeader(at, b.getInt(at), u32(b, at + 4), u32(b, at + 8), u32(b, at + 16),
                    u32(b, at + 20), b.getInt(at + 24), u32(b, at + 28));
            String which = "program header " + i;
            if (p.type() == ProgramHeader.PT_LOAD || p.type() == ProgramHeader.PT_INTERP
                    || p.type() == ProgramHeader.PT_PHDR) {
                if (p.offset() + p.fileSize() > fileLength) {
                    throw new ElfFormatException(at + 4, String.format("%s: p_offset 0x%x + p_filesz 0x%x lies "
                            + "outside the file (0x%x bytes)", which, p.offset(), p.fileSize(), fileLength));
                }
            }
            if (p.isLoad()) {
                if (p.fileSize() > p.memorySize()) {
                    throw new ElfFormatException(at + 16, String.format("%s: p_filesz 0x%x exceeds p_memsz 0x%x",
                            which, p.fileSize(), p.memorySize()));
                }
                if (p.alignment() > 1 && Long.bitCount(p.alignment()) != 1) {
                    throw new ElfFormatException(at + 28, which + ": p_align 0x" + Long.toHexString(p.alignment())
                            + " is not a power of two");
                }
                if ((p.virtualAddress() - p.offset()) % PAGE_SIZE != 0) {
                    throw new ElfFormatException(at + 8, String.format("%s: p_vaddr 0x%x and p_offset 0x%x differ "
                            + "modulo the page size, so the segment cannot be mapped", which, p.virtualAddress(),
                            p.offset()));
                }
                if (p.endAddress() > USER_SPACE_END) {
                    throw new ElfFormatException(at + 8, String.format("%s: segment 0x%x..0x%x reaches beyond user "
                            + "space (0x%x)", which, p.virtualAddress(), p.endAddress(), USER_SPACE_END));
                }
                if (previousLoad != null && p.virtualAddress() < previousLoad.endAddress()) {
                    throw new ElfFormatException(at + 8, String.format("%s: PT_LOAD at 0x%x overlaps or precedes "
                            + "the previous one (ends 0x%x); PT_LOAD entries must ascend", which,
                            p.virtualAddress(), previousLoad.endAddress()));
                }
                previousLoad = p;
            }
            headers.add(p);
        }
        if (previousLoad == null) throw new ElfFormatException(phoff, "no PT_LOAD segment: nothing to run");
        return headers;
    }

    private static void validateEntry(List<ProgramHeader> headers, int type, long entry) throws ElfFormatException {
        for (ProgramHeader p : headers) {
            if (p.isLoad() && p.contains(entry)) {
                if ((p.flags() & ProgramHeader.PF_X) == 0) {
                    throw new ElfFormatException(24, String.format("e_entry 0x%x lies in a segment that is not "
                            + "executable", entry));
                }
                return;
            }
        }
        throw new ElfFormatException(24, String.format("e_entry 0x%x lies in no PT_LOAD segment", entry));
    }

    /** The .symtab's function and object symbols; an executable without one (stripped) has none. */
    private static ElfSymbols readSymbols(ByteBuffer b, long shoff, int shnum, long fileLength)
            throws ElfFormatException {
        TreeMap<Long, ElfSymbols.Symbol> symbols = new TreeMap<>();
        for (int i = 0; i < shnum; i++) {
            int at = (int) (shoff + (long) i * SHDR_SIZE);
            if (b.getInt(at + 4) != SHT_SYMTAB) continue;
            long offset = u32(b, at + 16), size = u32(b, at + 20), entsize = u32(b, at + 36);
            long link = u32(b, at + 24);
            if (offset + size > fileLength) {
                throw new ElfFormatException(at + 16, "section " + i + " (.symtab) lies outside the file");
            }
            if (entsize != 16) throw new ElfFormatException(at + 36, "section " + i + ": sh_entsize " + entsize
                    + " is not 16 (Elf32_Sym)");
            if (link >= shnum) throw new ElfFormatException(at + 24, "section " + i + ": sh_link " + link
                    + " names no section");
            int strAt = (int) (shoff + link * SHDR_SIZE);
            long strOffset = u32(b, strAt + 16), strSize = u32(b, strAt + 20);
            if (b.getInt(strAt + 4) != SHT_STRTAB || strOffset + strSize > fileLength) {
                throw new ElfFormatException(strAt, "section " + link + " (the symbol names) is not a string table "
                        + "inside the file");
            }
            for (long s = offset; s + 16 <= offset + size; s += 16) {
                long name = u32(b, (int) s), value = u32(b, (int) s + 4), symbolSize = u32(b, (int) s + 8);
                int kind = b.get((int) s + 12) & 0xF;
                int sectionIndex = b.getShort((int) s + 14) & 0xFFFF;
                if ((kind != STT_FUNC && kind != STT_OBJECT) || sectionIndex == 0 || name >= strSize) continue;
                String text = cString(b, strOffset + name, strOffset + strSize);
                if (!text.isEmpty()) symbols.putIfAbsent(value, new ElfSymbols.Symbol(text, value, symbolSize));
            }
        }
        return symbols.isEmpty() ? ElfSymbols.NONE : new ElfSymbols(symbols);
    }

    /** The NUL-terminated string at {@code offset}, stopping at {@code limit}. */
    static String cString(ByteBuffer b, long offset, long limit) {
        int end = (int) offset;
        while (end < limit && b.get(end) != 0) end++;
        byte[] text = new byte[end - (int) offset];
        b.get((int) offset, text);
        return new String(text, StandardCharsets.UTF_8);
    }

    private static void expect(int actual, int wanted, long offset, String field, String meaning)
            throws ElfFormatException {
        if ((actual & 0xFFFFFFFFL) != (wanted & 0xFFFFFFFFL)) {
            throw new ElfFormatException(offset, field + " is " + (actual & 0xFFFFFFFFL) + ", expected " + meaning);
        }
    }

    private static long u32(ByteBuffer b, int offset) {
        return b.getInt(offset) & 0xFFFFFFFFL;
    }
}
