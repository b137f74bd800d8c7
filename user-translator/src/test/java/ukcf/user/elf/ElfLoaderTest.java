package ukcf.user.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import ukcf.cpu.memory.AddressSpace;
import ukcf.cpu.memory.Protection;
import ukcf.cpu.semantics.CpuidTable;

class ElfLoaderTest {
    private static final int STACK_TOP = 0xC0000000;

    @Test
    void mapsTheSegmentWithItsPermissionsAndBss() throws Exception {
        byte[] file = TinyElf.build(TinyElf.exitCode(7));
        AddressSpace space = new AddressSpace();
        LoadedProgram program = ElfLoader.load(ElfFile.parse(file), space);
        assertEquals(TinyElf.BASE + TinyElf.HEADERS, program.entry());
        assertEquals(TinyElf.BASE + ElfFile.EHDR_SIZE, program.programHeaders());
        assertEquals(2, program.programHeaderCount());
        assertEquals(TinyElf.BASE + file.length + TinyElf.BSS, program.imageEnd());
        assertEquals(TinyElf.BASE + 0x1000, program.breakStart());
        assertEquals(false, program.executableStack());
        assertEquals(Protection.USER_READ_EXECUTE, space.protection(TinyElf.BASE));
        byte[] loaded = new byte[file.length + TinyElf.BSS];
        space.readHost(TinyElf.BASE, loaded, 0, loaded.length);
        for (int i = 0; i < loaded.length; i++) {
            assertEquals(i < file.length ? file[i] : 0, loaded[i], "byte " + i);
        }
        assertEquals(AddressSpace.UNMAPPED, space.protection(TinyElf.BASE + 0x1000));
    }

    @Test
    void initialStackIsLaidOutAsLinuxDoes() throws Exception {
        AddressSpace space = new AddressSpace();
        LoadedProgram program = ElfLoader.load(ElfFile.parse(TinyElf.build(TinyElf.exitCode(0))), space);
        space.map(STACK_TOP - 0x10000, 0x10000, Protection.USER_READ_WRITE);
        byte[] random = new byte[16];
        for (int i = 0; i < 16; i++) random[i] = (byte) (0xA0 + i);
        int sp = InitialStack.build(space, STACK_TOP, program, "/bin/tiny", List.of("tiny", "-x"),
                List.of("A=1", "PATH=/bin"), random, new InitialStack.Identity(1000, 1001, 100, 101,
                        CpuidTable.standard().features(), 100));
        assertEquals(0, sp & 15, "ESP is 16-byte aligned");
        assertEquals(2, read32(space, sp));
        assertEquals("tiny", cString(space, read32(space, sp + 4)));
        assertEquals("-x", cString(space, read32(space, sp + 8)));
        assertEquals(0, read32(space, sp + 12));
        assertEquals("A=1", cString(space, read32(space, sp + 16)));
        assertEquals("PATH=/bin", cString(space, read32(space, sp + 20)));
        assertEquals(0, read32(space, sp + 24));
        Map<Integer, Integer> auxv = new HashMap<>();
        List<Integer> order = new ArrayList<>();
        for (int at = sp + 28; ; at += 8) {
            int type = read32(space, at);
            auxv.put(type, read32(space, at + 4));
            order.add(type);
            if (type == AuxvType.AT_NULL.value) break;
        }
        assertEquals(program.programHeaders(), auxv.get(AuxvType.AT_PHDR.value));
        assertEquals(32, auxv.get(AuxvType.AT_PHENT.value));
        assertEquals(2, auxv.get(AuxvType.AT_PHNUM.value));
        assertEquals(4096, auxv.get(AuxvType.AT_PAGESZ.value));
        assertEquals(program.entry(), auxv.get(AuxvType.AT_ENTRY.value));
        assertEquals(0, auxv.get(AuxvType.AT_BASE.value));
        assertEquals(0x07808111, auxv.get(AuxvType.AT_HWCAP.value), "CPUID leaf 1 EDX");
        assertEquals(1000, auxv.get(AuxvType.AT_UID.value));
        assertEquals(1001, auxv.get(AuxvType.AT_EUID.value));
        assertEquals(100, auxv.get(AuxvType.AT_GID.value));
        assertEquals(101, auxv.get(AuxvType.AT_EGID.value));
        assertEquals(0, auxv.get(AuxvType.AT_SECURE.value));
        assertEquals(100, auxv.get(AuxvType.AT_CLKTCK.value));
        assertEquals("i686", cString(space, auxv.get(AuxvType.AT_PLATFORM.value)));
        assertEquals("/bin/tiny", cString(space, auxv.get(AuxvType.AT_EXECFN.value)));
        byte[] randomOnStack = new byte[16];
        space.readHost(auxv.get(AuxvType.AT_RANDOM.value), randomOnStack, 0, 16);
        assertEquals(new String(random, StandardCharsets.ISO_8859_1), new String(randomOnStack, StandardCharsets.ISO_8859_1));
        assertEquals(AuxvType.AT_HWCAP.value, order.get(0), "Linux's auxv order starts with AT_HWCAP");
        // The executable's path is the topmost string, just below the 4-byte end marker.
        assertEquals(STACK_TOP - 4 - "/bin/tiny".length() - 1, auxv.get(AuxvType.AT_EXECFN.value));
    }

    static Stream<Arguments> malformedCases() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (InputStream in = ElfLoaderTest.class.getResourceAsStream("/ukcf/user/elf/malformed.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.trim().split("\\s+", 6);
                cases.add(Arguments.of(f[0], Integer.decode(f[1]), f[2], Long.decode(f[3]), Long.decode(f[4]), f[5]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedCases")
    void malformedFilesFailWithTheirOffsetAndReason(String name, int offset, String width, long value,
                                                    long errorOffset, String text) {
        byte[] file = TinyElf.build(TinyElf.exitCode(0));
        if (width.equals("truncate")) {
            file = java.util.Arrays.copyOf(file, (int) value);
        } else {
            for (int i = 0; i < Integer.parseInt(width); i++) file[offset + i] = (byte) (value >>> (8 * i));
        }
        byte[] bytes = file;
        ElfFormatException e = assertThrows(ElfFormatException.class,
                () -> ElfLoader.load(ElfFile.parse(bytes), new AddressSpace()));
        assertEquals(errorOffset, e.fileOffset(), e.getMessage());
        assertTrue(e.getMessage().contains(text), "message: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(String.format("at file offset 0x%x: ", errorOffset)), e.getMessage());
    }

    private static int read32(AddressSpace space, int address) {
        byte[] b = new byte[4];
        space.readHost(address, b, 0, 4);
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
    }

    private static String cString(AddressSpace space, int address) {
        StringBuilder s = new StringBuilder();
        byte[] b = new byte[1];
        for (int a = address; ; a++) {
            space.readHost(a, b, 0, 1);
            if (b[0] == 0) return s.toString();
            s.append((char) b[0]);
        }
    }
}
