package ukcf.cpu.verify.nativeharness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinfmtInterpreterTest {
    /** Debian's qemu-user registration for i386: accepts ET_EXEC and ET_DYN, any OS/ABI byte. */
    private static final List<String> QEMU_I386 = List.of("enabled", "interpreter /usr/bin/qemu-i386-static",
            "flags: PF", "offset 0", "magic 7f454c4601010100000000000000000002000300",
            "mask fffffffffffefe00fffffffffffffffffeffffff");

    @TempDir
    Path registry;

    @Test
    void anEntryForI386ExecutablesNamesItsInterpreter() {
        assertEquals(Optional.of("/usr/bin/qemu-i386-static"), BinfmtInterpreter.interpreterIfMatching(QEMU_I386));
    }

    @Test
    void disabledEntriesAndOtherMachinesDoNotCount() {
        List<String> disabled = QEMU_I386.stream().map(l -> l.equals("enabled") ? "disabled" : l).toList();
        assertEquals(Optional.empty(), BinfmtInterpreter.interpreterIfMatching(disabled));
        List<String> arm = QEMU_I386.stream()
                .map(l -> l.startsWith("magic") ? "magic 7f454c4601010100000000000000000002002800" : l).toList();
        assertEquals(Optional.empty(), BinfmtInterpreter.interpreterIfMatching(arm));
        List<String> java = List.of("enabled", "interpreter /usr/bin/jexec", "flags: ", "offset 0", "magic 504b0304");
        assertEquals(Optional.empty(), BinfmtInterpreter.interpreterIfMatching(java));
    }

    @Test
    void theRegistryIsReadOnlyWhenBinfmtMiscIsEnabled() throws Exception {
        Files.write(registry.resolve("qemu-i386"), QEMU_I386);
        Files.writeString(registry.resolve("register"), "");
        Files.writeString(registry.resolve("status"), "disabled\n");
        assertEquals(Optional.empty(), BinfmtInterpreter.forI386(registry));
        Files.writeString(registry.resolve("status"), "enabled\n");
        assertEquals(Optional.of("/usr/bin/qemu-i386-static"), BinfmtInterpreter.forI386(registry));
    }
}
