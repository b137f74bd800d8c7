package ukcf.user.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A minimal valid static i386 executable built in memory: an ELF header, a PT_LOAD (read+execute, the whole file
 * at 0x08048000 plus 0x100 bytes of .bss) and a PT_GNU_STACK, followed by the code. Tests mutate it to make
 * malformed files.
 */
public final class TinyElf {
    public static final int BASE = 0x08048000;
    public static final int HEADERS = ElfFile.EHDR_SIZE + 2 * ElfFile.PHDR_SIZE;
    public static final int BSS = 0x100;

    private TinyElf() { }

    /** {@code mov $1,%eax; mov $status,%ebx; int $0x80}: exit(status). */
    public static byte[] exitCode(int status) {
        return new byte[] {(byte) 0xb8, 1, 0, 0, 0, (byte) 0xbb, (byte) status, 0, 0, 0, (byte) 0xcd, (byte) 0x80};
    }

    public static byte[] build(byte[] code) {
        int size = HEADERS + code.length;
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x464c457f).put((byte) 1).put((byte) 1).put((byte) 1).put((byte) 0);
        b.position(16);
        b.putShort((short) ElfFile.ET_EXEC).putShort((short) ElfFile.EM_386).putInt(1);
        b.putInt(BASE + HEADERS);            // e_entry
        b.putInt(ElfFile.EHDR_SIZE);         // e_phoff
        b.putInt(0);                         // e_shoff
        b.putInt(0);                         // e_flags
        b.putShort((short) ElfFile.EHDR_SIZE).putShort((short) ElfFile.PHDR_SIZE).putShort((short) 2);
        b.putShort((short) ElfFile.SHDR_SIZE).putShort((short) 0).putShort((short) 0);
        // PT_LOAD
        b.putInt(ProgramHeader.PT_LOAD).putInt(0).putInt(BASE).putInt(BASE).putInt(size).putInt(size + BSS)
                .putInt(ProgramHeader.PF_R | ProgramHeader.PF_X).putInt(0x1000);
        // PT_GNU_STACK
        b.putInt(ProgramHeader.PT_GNU_STACK).putInt(0).putInt(0).putInt(0).putInt(0).putInt(0)
                .putInt(ProgramHeader.PF_R | ProgramHeader.PF_W).putInt(16);
        b.put(code);
        return b.array();
    }
}
