package ukcf.kernel.module;

import java.util.HashMap;
import java.util.Map;

/**
 * The i386 relocation types (System V i386 psABI, Linux's {@code arch/x86/include/asm/elf.h}). A module may use
 * only the three that Linux's i386 {@code apply_relocate} handles; any other is refused by its name.
 */
public enum RelocationType {
    R_386_NONE(0, false), R_386_32(1, true), R_386_PC32(2, true), R_386_GOT32(3, false), R_386_PLT32(4, true),
    R_386_COPY(5, false), R_386_GLOB_DAT(6, false), R_386_JMP_SLOT(7, false), R_386_RELATIVE(8, false),
    R_386_GOTOFF(9, false), R_386_GOTPC(10, false), R_386_32PLT(11, false), R_386_TLS_TPOFF(14, false),
    R_386_TLS_IE(15, false), R_386_TLS_GOTIE(16, false), R_386_TLS_LE(17, false), R_386_TLS_GD(18, false),
    R_386_TLS_LDM(19, false), R_386_16(20, false), R_386_PC16(21, false), R_386_8(22, false), R_386_PC8(23, false),
    R_386_TLS_LDO_32(32, false), R_386_TLS_DTPMOD32(35, false), R_386_TLS_DTPOFF32(36, false),
    R_386_TLS_TPOFF32(37, false), R_386_SIZE32(38, false), R_386_TLS_GOTDESC(39, false),
    R_386_TLS_DESC_CALL(40, false), R_386_TLS_DESC(41, false), R_386_IRELATIVE(42, false), R_386_GOT32X(43, false);

    private static final Map<Integer, RelocationType> BY_NUMBER = new HashMap<>();
    static {
        for (RelocationType type : values()) BY_NUMBER.put(type.number, type);
    }

    private final int number;
    private final boolean supported;

    RelocationType(int number, boolean supported) {
        this.number = number;
        this.supported = supported;
    }

    public int number() { return number; }

    /** Whether the module loader applies this type (R_386_32, R_386_PC32, R_386_PLT32). */
    public boolean supported() { return supported; }

    /** The type's name, or "type N" for a number the psABI does not define. */
    public static String nameOf(int number) {
        RelocationType type = BY_NUMBER.get(number);
        return type != null ? type.name() : "type " + number;
    }

    public static boolean isSupported(int number) {
        RelocationType type = BY_NUMBER.get(number);
        return type != null && type.supported;
    }

    public static RelocationType of(int number) {
        RelocationType type = BY_NUMBER.get(number);
        if (type == null) throw new IllegalArgumentException("relocation type " + number);
        return type;
    }
}
