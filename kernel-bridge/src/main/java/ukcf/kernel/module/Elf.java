package ukcf.kernel.module;

import java.util.Map;

/** ELF32 constants a relocatable i386 module uses (System V gABI and the i386 psABI), with names for messages. */
final class Elf {
    private Elf() { }

    static final int EHDR_SIZE = 52;
    static final int SHDR_SIZE = 40;
    static final int SYM_SIZE = 16;
    static final int REL_SIZE = 8;

    static final int ELFCLASS32 = 1;
    static final int ELFDATA2LSB = 1;
    static final int EV_CURRENT = 1;
    static final int ET_REL = 1;
    static final int EM_386 = 3;

    static final int SHT_NULL = 0;
    static final int SHT_PROGBITS = 1;
    static final int SHT_SYMTAB = 2;
    static final int SHT_STRTAB = 3;
    static final int SHT_RELA = 4;
    static final int SHT_NOBITS = 8;
    static final int SHT_REL = 9;
    static final int SHT_DYNSYM = 11;

    static final int SHF_WRITE = 0x1;
    static final int SHF_ALLOC = 0x2;
    static final int SHF_EXECINSTR = 0x4;

    static final int SHN_UNDEF = 0;
    static final int SHN_LORESERVE = 0xff00;
    static final int SHN_ABS = 0xfff1;
    static final int SHN_COMMON = 0xfff2;

    static final int STB_LOCAL = 0;
    static final int STB_GLOBAL = 1;
    static final int STB_WEAK = 2;
    static final int STT_SECTION = 3;

    static final Map<Integer, String> TYPE_NAMES = Map.of(0, "ET_NONE", 1, "ET_REL", 2, "ET_EXEC", 3, "ET_DYN", 4, "ET_CORE");
    static final Map<Integer, String> MACHINE_NAMES = Map.of(3, "i386", 62, "x86-64", 40, "ARM", 183, "AArch64",
            8, "MIPS", 20, "PowerPC", 243, "RISC-V", 6, "i486");

    static String typeName(int type) {
        return TYPE_NAMES.getOrDefault(type, "unknown") + " (" + type + ")";
    }

    static String machineName(int machine) {
        return MACHINE_NAMES.getOrDefault(machine, "unknown machine") + " (" + machine + ")";
    }
}
