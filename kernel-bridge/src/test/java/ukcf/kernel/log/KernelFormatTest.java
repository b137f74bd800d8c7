package ukcf.kernel.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import ukcf.cpu.memory.AddressSpace;
import ukcf.cpu.memory.Memory;
import ukcf.cpu.memory.Protection;

class KernelFormatTest {
    private static final int DATA = 0xC8000000, STACK = 0xC9000000;
    private static final SymbolNamer SYMBOLS = address -> {
        long a = Integer.toUnsignedLong(address);
        if (a >= 0xC1000000L && a < 0xC1000040L) return new SymbolNamer.Symbol("foo", 0xC1000000, 0x40, "ukcf_test");
        if (a >= 0xC2000000L && a < 0xC2000100L) return new SymbolNamer.Symbol("bar", 0xC2000000, 0x100, null);
        return null;
    };

    /** Guest memory with a data area for strings and buffers and a stack area for the varargs. */
    private static final class Guest {
        final Memory memory;
        int dataAt = DATA, stackAt = STACK;

        Guest() {
            AddressSpace space = new AddressSpace();
            space.map(DATA, 1 << 16, Protection.ofLinuxProt(3, false));
            space.map(STACK, 1 << 16, Protection.ofLinuxProt(3, false));
            memory = space.hostView();
        }

        int place(byte[] bytes, boolean terminate) {
            int at = dataAt;
            memory.write(at, bytes, 0, bytes.length);
            if (terminate) memory.write8(at + bytes.length, 0);
            dataAt += bytes.length + 16;
            return at;
        }

        void push32(int value) {
            memory.write32(stackAt, value);
            stackAt += 4;
        }

        void push64(long value) {
            memory.write64(stackAt, value);
            stackAt += 8;
        }
    }

    @TestFactory
    Stream<DynamicTest> formatsAsTheKernelDoes() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : resource("printk-vectors.tsv").split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split("\t", -1);
            tests.add(DynamicTest.dynamicTest(f[0], () -> {
                Guest guest = new Guest();
                int format = guest.place(unescape(f[0]), true);
                for (String arg : f[1].isEmpty() ? new String[0] : f[1].split(" ")) pushArgument(guest, arg);
                byte[] out = new KernelFormat(guest.memory, SYMBOLS, 0).format(format, VarArgs.onStack(guest.memory, STACK));
                assertEquals(new String(unescape(f[2]), StandardCharsets.ISO_8859_1), new String(out, StandardCharsets.ISO_8859_1));
            }));
        }
        return tests.stream();
    }

    @Test
    void plainPointerIsHashedStablyAndNotRevealed() {
        Guest guest = new Guest();
        int format = guest.place("%p %p %p".getBytes(StandardCharsets.ISO_8859_1), true);
        guest.push32(0xC1000010);
        guest.push32(0xC1000010);
        guest.push32(0xC1000014);
        String[] out = new String(new KernelFormat(guest.memory, SYMBOLS, 42).format(format,
                VarArgs.onStack(guest.memory, STACK)), StandardCharsets.ISO_8859_1).split(" ");
        assertEquals(out[0], out[1]);
        assertEquals(8, out[0].length());
        assertEquals(false, out[0].equals("c1000010") || out[0].equals(out[2]));
    }

    /** As the kernel, alphanumerics after %p belong to the extension: the '|' ends it. */
    @Test
    void vaFormatRecursesIntoTheNestedArguments() {
        Guest guest = new Guest();
        int nested = guest.place("<%s:%d>".getBytes(StandardCharsets.ISO_8859_1), true);
        int nestedArgs = guest.dataAt;
        guest.dataAt += 64;
        guest.memory.write32(nestedArgs, guest.place("in".getBytes(StandardCharsets.ISO_8859_1), true));
        guest.memory.write32(nestedArgs + 4, 9);
        int vaList = guest.place(new byte[4], false);
        guest.memory.write32(vaList, nestedArgs);
        int vaFormat = guest.place(new byte[8], false);
        guest.memory.write32(vaFormat, nested);
        guest.memory.write32(vaFormat + 4, vaList);
        int format = guest.place("a%pV|b".getBytes(StandardCharsets.ISO_8859_1), true);
        guest.push32(vaFormat);
        assertEquals("a<in:9>|b", new String(new KernelFormat(guest.memory, SYMBOLS, 0).format(format,
                VarArgs.onStack(guest.memory, STACK)), StandardCharsets.ISO_8859_1));
    }

    private static void pushArgument(Guest guest, String arg) {
        if (arg.startsWith("ll:")) {
            String v = arg.substring(3);
            guest.push64(v.startsWith("0x") ? Long.parseUnsignedLong(v.substring(2), 16) : Long.parseLong(v));
        } else if (arg.startsWith("str:")) {
            guest.push32(guest.place(arg.substring(4).replace("\\s", " ").getBytes(StandardCharsets.ISO_8859_1), true));
        } else if (arg.startsWith("bytes:")) {
            guest.push32(guest.place(HexFormat.of().parseHex(arg.substring(6)), false));
        } else {
            guest.push32(arg.startsWith("0x") ? Integer.parseUnsignedInt(arg.substring(2), 16) : (int) Long.parseLong(arg));
        }
    }

    static byte[] unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                switch (n) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case '0' -> {
                        b.append((char) Integer.parseInt(s.substring(i, i + 3), 8));
                        i += 2;
                    }
                    default -> b.append(n);
                }
            } else {
                b.append(c);
            }
        }
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    static String resource(String name) throws IOException {
        try (InputStream in = KernelFormatTest.class.getResourceAsStream("/ukcf/kernel/log/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
