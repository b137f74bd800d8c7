package ukcf.user.elf;

/** One entry of the program header table (ELF32 Elf32_Phdr), at file offset {@code tableOffset}. */
public record ProgramHeader(long tableOffset, int type, long offset, long virtualAddress, long fileSize,
                            long memorySize, int flags, long alignment) {
    public static final int PT_NULL = 0, PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_NOTE = 4, PT_SHLIB = 5,
            PT_PHDR = 6, PT_TLS = 7, PT_GNU_STACK = 0x6474e551;
    /** Segment permission flags (p_flags). */
    public static final int PF_X = 1, PF_W = 2, PF_R = 4;

    public boolean isLoad() { return type == PT_LOAD; }

    public long endAddress() { return virtualAddress + memorySize; }

    public boolean contains(long address) { return address >= virtualAddress && address < endAddress(); }

    /** The mmap-style PROT_* bits of this segment. */
    public int linuxProt() {
        return ((flags & PF_R) != 0 ? 1 : 0) | ((flags & PF_W) != 0 ? 2 : 0) | ((flags & PF_X) != 0 ? 4 : 0);
    }
}
