package ukcf.kernel.module;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import ukcf.kernel.memory.KernelRegion;

/**
 * The malformed-module corpus ({@code malformed-modules.tsv}): each case byte-patches a real Debian module as the
 * row describes, loads it, and expects a refusal whose one-line message contains the row's text, with nothing
 * left behind (no module, no module memory, no ownership claim beyond what the preloaded modules hold).
 * Field offsets here are the ELF32 gABI's, which is what the corpus mutates.
 */
class MalformedModulesTest {
    private static final Map<String, int[]> EHDR = Map.of("ei_class", new int[] {4, 1}, "ei_data", new int[] {5, 1},
            "e_type", new int[] {16, 2}, "e_machine", new int[] {18, 2}, "e_shoff", new int[] {32, 4},
            "e_shentsize", new int[] {46, 2}, "e_shnum", new int[] {48, 2}, "e_shstrndx", new int[] {50, 2});
    private static final Map<String, int[]> SHDR = Map.of("sh_name", new int[] {0, 4}, "sh_type", new int[] {4, 4},
            "sh_flags", new int[] {8, 4}, "sh_offset", new int[] {16, 4}, "sh_size", new int[] {20, 4},
            "sh_link", new int[] {24, 4}, "sh_info", new int[] {28, 4}, "sh_addralign", new int[] {32, 4},
            "sh_entsize", new int[] {36, 4});
    private static final Map<String, int[]> SYM = Map.of("st_name", new int[] {0, 4}, "st_value", new int[] {4, 4},
            "st_size", new int[] {8, 4}, "st_info", new int[] {12, 1}, "st_shndx", new int[] {14, 2});
    private static final Map<String, int[]> REL = Map.of("r_offset", new int[] {0, 4}, "r_info", new int[] {4, 4});

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (InputStream in = MalformedModulesTest.class.getResourceAsStream("malformed-modules.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                cases.add(Arguments.of(f[0], f[1], f[2], f[3], f[4]));
            }
        }
        assertTrue(cases.size() >= 25, "corpus size " + cases.size());
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedWithItsMessageAndNothingLeftBehind(String name, String preload, String module, String mutations,
                                                   String expected) {
        int[] initResult = {0};
        TestKernel kernel = new TestKernel(new ModuleLifecycle() {
            @Override public int callInit(LoadedModule m, int address) { return initResult[0]; }
            @Override public void callExit(LoadedModule m, int address) { }
        });
        if (!preload.equals("-")) for (String path : preload.split(",")) kernel.load(path, null);
        List<String> modulesBefore = kernel.registry.modules().stream().map(LoadedModule::name).toList();
        long moduleBytes = kernel.kernel.allocatedBytes(KernelRegion.MODULES);
        long heapBytes = kernel.kernel.allocatedBytes(KernelRegion.KERNEL_HEAP);
        int claims = kernel.owners.claims().size();

        byte[] bytes = TestKernel.module(module);
        if (!mutations.equals("-")) {
            for (String mutation : mutations.split(";")) {
                if (mutation.startsWith("init=")) initResult[0] = Integer.parseInt(mutation.substring(5));
                else bytes = mutate(bytes, mutation.trim());
            }
        }
        byte[] input = bytes;
        String fileName = Path.of(module).getFileName() + ".ko";
        ModuleLoadException e = assertThrows(ModuleLoadException.class, () -> kernel.loader.load(fileName, input, null));
        assertTrue(e.getMessage().contains(expected), () -> "message: " + e.getMessage() + "\nexpected: " + expected);
        assertFalse(e.getMessage().contains("\n"), "one line");

        assertEquals(modulesBefore, kernel.registry.modules().stream().map(LoadedModule::name).toList());
        assertEquals(moduleBytes, kernel.kernel.allocatedBytes(KernelRegion.MODULES), "module memory returned");
        assertEquals(heapBytes, kernel.kernel.allocatedBytes(KernelRegion.KERNEL_HEAP), "heap returned");
        assertEquals(claims, kernel.owners.claims().size(), "ownership claims returned");
    }

    /**
     * Random corruption of md4.ko's metadata (ELF header, section table, symbols, relocations, this_module): every
     * variant either loads (and unloads) or is refused with a ModuleLoadException; nothing else may escape, and
     * memory and claims always return to where they were.
     */
    @org.junit.jupiter.api.Test
    void randomCorruptionIsRefusedOrLoadedButNeverCrashes() {
        TestKernel kernel = new TestKernel();
        byte[] original = TestKernel.module("crypto/md4");
        int[] symtab = section(original, ".symtab");
        int metadataStart = symtab[0];  // .symtab, .strtab, .rel*, .shstrtab and the section table follow the code
        java.util.Random random = new java.util.Random(20261122);
        int loaded = 0, refused = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] bytes = original.clone();
            for (int n = 1 + random.nextInt(4); n > 0; n--) {
                int at = switch (random.nextInt(3)) {
                    case 0 -> random.nextInt(52);
                    case 1 -> metadataStart + random.nextInt(bytes.length - metadataStart);
                    default -> random.nextInt(bytes.length);
                };
                bytes[at] = random.nextBoolean() ? (byte) random.nextInt(256) : (byte) (bytes[at] ^ (1 << random.nextInt(8)));
            }
            try {
                LoadedModule module = kernel.loader.load("md4.ko", bytes, null).module();
                kernel.loader.unload(module.name());
                loaded++;
            } catch (ModuleLoadException e) {
                assertFalse(e.getMessage().contains("\n"));
                refused++;
            }
            assertEquals(0, kernel.kernel.allocatedBytes(KernelRegion.MODULES), "variant " + i);
            assertTrue(kernel.registry.modules().isEmpty());
        }
        System.out.printf("random corruption of md4.ko: %d variants loaded, %d refused%n", loaded, refused);
        assertTrue(refused > 1000);
    }

    private static final Pattern FIELD = Pattern.compile(
            "(ehdr|shdr\\[([^\\]]+)\\]|sym\\[(\\d+)\\]|rel\\[([^\\]]+)\\]\\[(\\d+)\\])\\.(\\w+)");

    static byte[] mutate(byte[] bytes, String mutation) {
        int equals = mutation.indexOf('=');
        String location = mutation.substring(0, equals), value = mutation.substring(equals + 1);
        if (location.equals("truncate")) return Arrays.copyOf(bytes, (int) number(value));
        if (location.startsWith("replace[")) {
            String section = location.substring("replace[".length(), location.length() - 1);
            String[] parts = value.split("/");
            int[] extent = section(bytes, section);
            String text = new String(bytes, extent[0], extent[1], StandardCharsets.ISO_8859_1);
            int at = text.indexOf(parts[0]);
            assertTrue(at >= 0, parts[0] + " not in " + section);
            byte[] replacement = parts[1].getBytes(StandardCharsets.ISO_8859_1);
            assertEquals(parts[0].length(), replacement.length, "replace keeps the length");
            System.arraycopy(replacement, 0, bytes, extent[0] + at, replacement.length);
            return bytes;
        }
        if (location.startsWith("byte[")) {
            String target = location.substring("byte[".length(), location.length() - 1);
            int at;
            if (target.startsWith("@")) {
                at = (int) number(target.substring(1));
            } else {
                int plus = target.lastIndexOf('+');
                at = section(bytes, target.substring(0, plus))[0] + (int) number(target.substring(plus + 1));
            }
            bytes[at] = (byte) number(value);
            return bytes;
        }
        int[] field = field(bytes, location);
        long v = FIELD.matcher(value).matches() ? read(bytes, field(bytes, value)) : number(value);
        for (int i = 0; i < field[1]; i++) bytes[field[0] + i] = (byte) (v >>> (8 * i));
        return bytes;
    }

    /** {file offset, width} of a named header field. */
    private static int[] field(byte[] bytes, String location) {
        Matcher m = FIELD.matcher(location);
        assertTrue(m.matches(), "bad mutation location " + location);
        String kind = m.group(1);
        int[] f;
        int base;
        if (kind.equals("ehdr")) {
            f = EHDR.get(m.group(6));
            base = 0;
        } else if (kind.startsWith("shdr")) {
            f = SHDR.get(m.group(6));
            base = sectionHeader(bytes, m.group(2));
        } else if (kind.startsWith("sym")) {
            f = SYM.get(m.group(6));
            base = section(bytes, ".symtab")[0] + 16 * Integer.parseInt(m.group(3));
        } else {
            f = REL.get(m.group(6));
            base = section(bytes, m.group(4))[0] + 8 * Integer.parseInt(m.group(5));
        }
        assertNotNull(f, "unknown field in " + location);
        return new int[] {base + f[0], f[1]};
    }

    private static long read(byte[] bytes, int[] field) {
        long v = 0;
        for (int i = 0; i < field[1]; i++) v |= (long) (bytes[field[0] + i] & 0xff) << (8 * i);
        return v;
    }

    /** File offset of the section header of {@code name} in the (unmutated so far) file. */
    private static int sectionHeader(byte[] bytes, String name) {
        int shoff = (int) read(bytes, new int[] {32, 4});
        int count = (int) read(bytes, new int[] {48, 2});
        int names = (int) read(bytes, new int[] {50, 2});
        int namesOffset = (int) read(bytes, new int[] {shoff + names * 40 + 16, 4});
        for (int i = 0; i < count; i++) {
            int header = shoff + i * 40;
            int at = namesOffset + (int) read(bytes, new int[] {header, 4});
            int end = at;
            while (bytes[end] != 0) end++;
            if (new String(bytes, at, end - at, StandardCharsets.ISO_8859_1).equals(name)) return header;
        }
        throw new AssertionError("no section " + name);
    }

    /** {file offset, size} of section {@code name}. */
    private static int[] section(byte[] bytes, String name) {
        int header = sectionHeader(bytes, name);
        return new int[] {(int) read(bytes, new int[] {header + 16, 4}), (int) read(bytes, new int[] {header + 20, 4})};
    }

    private static long number(String text) {
        boolean negative = text.startsWith("-");
        String digits = negative ? text.substring(1) : text;
        long v = digits.startsWith("0x") ? Long.parseLong(digits.substring(2), 16) : Long.parseLong(digits);
        return negative ? -v : v;
    }
}
