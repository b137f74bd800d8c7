package ukcf.user.elf;

import ukcf.cpu.memory.AddressSpace;
import ukcf.cpu.memory.Protection;

/**
 * Maps a validated {@link ElfFile} into a guest {@link AddressSpace} as Linux's {@code load_elf_binary} does: each
 * PT_LOAD gets whole pages with its own permissions, file bytes from the page-aligned file offset up to
 * {@code p_offset + p_filesz}, zeros after (the .bss); the break starts on the page after the program's image.
 * A position-independent program goes to {@link #ELF_ET_DYN_BASE} when it has an interpreter, else (static PIE) to
 * {@link #PIE_LOAD_BASE}; a dynamically linked program's interpreter
 * (PT_INTERP, ld.so) goes where mmap would put it, at the top of the mmap area, and execution starts at its entry.
 */
public final class ElfLoader {
    /** Where a position-independent executable goes: Linux's address for i386 PIE with randomization off. */
    public static final int PIE_LOAD_BASE = 0x56555000;
    /**
     * Where a position-independent program with an interpreter goes: Linux 6.1's ELF_ET_DYN_BASE for i386
     * (mmap_is_ia32: 0x400000), randomization off.
     */
    public static final int ELF_ET_DYN_BASE = 0x400000;
    private static final int PAGE_SIZE = AddressSpace.PAGE_SIZE;

    private ElfLoader() { }

    /** A statically linked program (ET_EXEC or static PIE). */
    public static LoadedProgram load(ElfFile elf, AddressSpace space) throws ElfFormatException {
        ProgramHeader interpreter = elf.find(ProgramHeader.PT_INTERP);
        if (interpreter != null) {
            throw new ElfFormatException(interpreter.tableOffset(), "PT_INTERP: a dynamically linked program is "
                    + "loaded together with its interpreter");
        }
        return load(elf, null, 0, space);
    }

    /**
     * A program and, when it is dynamically linked, its {@code interpreter} placed just below {@code mmapTop}.
     */
    public static LoadedProgram load(ElfFile elf, ElfFile interpreter, long mmapTop, AddressSpace space)
            throws ElfFormatException {
        long base = interpreter != null ? ELF_ET_DYN_BASE : PIE_LOAD_BASE;
        long bias = elf.isPositionIndependent() ? base - pageDown(elf.loadSegments().get(0).virtualAddress()) : 0;
        long imageEnd = mapImage(elf, bias, space);
        long interpreterBias = 0;
        long start = elf.entry() + bias;
        if (interpreter != null) {
            long low = pageDown(interpreter.loadSegments().get(0).virtualAddress()), high = 0;
            for (ProgramHeader p : interpreter.loadSegments()) high = Math.max(high, pageUp(p.endAddress()));
            interpreterBias = interpreter.isPositionIndependent() ? pageDown(mmapTop - (high - low)) - low : 0;
            long programLow = pageDown(elf.loadSegments().get(0).virtualAddress() + bias);
            if (low + interpreterBias < pageUp(imageEnd) && programLow < high + interpreterBias) {
                throw new ElfFormatException(elf.find(ProgramHeader.PT_INTERP).tableOffset(), String.format(
                        "the program (0x%x-0x%x) and its interpreter (0x%x-0x%x) overlap", programLow,
                        pageUp(imageEnd), low + interpreterBias, high + interpreterBias));
            }
            mapImage(interpreter, interpreterBias, space);
            start = interpreter.entry() + interpreterBias;
        }
        ProgramHeader stack = elf.find(ProgramHeader.PT_GNU_STACK);
        boolean executableStack = stack == null || (stack.flags() & ProgramHeader.PF_X) != 0;
        return new LoadedProgram((int) (elf.entry() + bias), (int) (programHeaderAddress(elf) + bias),
                elf.programHeaders().size(), (int) bias, (int) imageEnd, (int) pageUp(imageEnd), executableStack,
                elf.symbols().relocated(bias), (int) interpreterBias, (int) start);
    }

    /** Maps every PT_LOAD of {@code elf} moved by {@code bias}; answers the end of the highest one. */
    private static long mapImage(ElfFile elf, long bias, AddressSpace space) throws ElfFormatException {
        long imageEnd = 0;
        for (ProgramHeader p : elf.loadSegments()) {
            if (p.endAddress() + bias > ElfFile.USER_SPACE_END || p.virtualAddress() + bias < 0) {
                throw new ElfFormatException(p.tableOffset() + 8, "segment does not fit below user-space end "
                        + "after relocation");
            }
            mapSegment(elf, p, bias, space);
            imageEnd = Math.max(imageEnd, p.endAddress() + bias);
        }
        return imageEnd;
    }

    private static void mapSegment(ElfFile elf, ProgramHeader p, long bias, AddressSpace space) {
        if (p.memorySize() == 0) return;
        long start = pageDown(p.virtualAddress() + bias);
        long end = pageUp(p.endAddress() + bias);
        space.map((int) start, end - start, Protection.ofLinuxProt(p.linuxProt(), true));
        long fileStart = p.offset() - (p.virtualAddress() + bias - start);
        long fileEnd = p.offset() + p.fileSize();
        if (fileEnd > fileStart && p.fileSize() > 0) {
            space.writeHost((int) start, elf.bytes(), (int) fileStart, (int) (fileEnd - fileStart));
        }
    }

    /**
     * AT_PHDR: PT_PHDR's address when present, else the address at which a PT_LOAD maps the table's file offset
     * (as Linux computes it since 5.18).
     */
    private static long programHeaderAddress(ElfFile elf) throws ElfFormatException {
        ProgramHeader phdr = elf.find(ProgramHeader.PT_PHDR);
        if (phdr != null) return phdr.virtualAddress();
        long tableEnd = elf.programHeaderOffset() + (long) elf.programHeaders().size() * ElfFile.PHDR_SIZE;
        for (ProgramHeader p : elf.loadSegments()) {
            if (elf.programHeaderOffset() >= p.offset() && tableEnd <= p.offset() + p.fileSize()) {
                return p.virtualAddress() + (elf.programHeaderOffset() - p.offset());
            }
        }
        throw new ElfFormatException(28, "the program header table is not inside any PT_LOAD segment, so the "
                + "program could not find it (AT_PHDR)");
    }

    static long pageDown(long address) { return address & ~(long) (PAGE_SIZE - 1); }

    static long pageUp(long address) { return (address + PAGE_SIZE - 1) & ~(long) (PAGE_SIZE - 1); }
}
