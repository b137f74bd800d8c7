package ukcf.user.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SyscallTableTest {
    static Stream<Arguments> knownNumbers() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (InputStream in = SyscallTableTest.class.getResourceAsStream("/ukcf/user/syscall-numbers.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.trim().split("\\s+");
                cases.add(Arguments.of(Integer.parseInt(f[0]), f[1]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} is {0}")
    @MethodSource("knownNumbers")
    void declaredHandlersSitAtTheKernelsNumbers(int number, String name) {
        SyscallTable.Entry entry = SyscallTable.standard().entry(number);
        assertNotNull(entry, name + " has no handler");
        assertEquals(name, entry.name());
    }

    @Test
    void undeclaredCallsHaveNoHandlerButAName() {
        assertNull(SyscallTable.standard().entry(26));
        assertEquals("ptrace", SyscallTable.standard().name(26));
        assertEquals("syscall_9999", SyscallTable.standard().name(9999));
    }

    @Test
    void resultsPrintAsStraceDoes() {
        SyscallTable.Entry write = SyscallTable.standard().entry(4);
        assertEquals("-1 ENOENT (No such file or directory)", SyscallTable.describeResult(write, -2));
        assertEquals("12", SyscallTable.describeResult(write, 12));
        assertEquals("0x8244000", SyscallTable.describeResult(SyscallTable.standard().entry(45), 0x8244000));
    }

    @Test
    void flagArgumentsPrintSymbolically() {
        assertEquals("O_RDONLY|O_LARGEFILE", Arg.openFlags(0100000));
        assertEquals("O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC", Arg.openFlags(02001101));
        assertEquals("MAP_PRIVATE|MAP_ANONYMOUS", Arg.mapFlags(0x22));
        assertEquals("PROT_READ|PROT_WRITE", Arg.flags(3, new String[] {"PROT_READ", "PROT_WRITE", "PROT_EXEC"}, "PROT_NONE"));
    }
}
