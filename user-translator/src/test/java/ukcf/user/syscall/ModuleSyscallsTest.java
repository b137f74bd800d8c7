package ukcf.user.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ukcf.user.GuestRuns;

/**
 * init_module, finit_module and delete_module as busybox insmod, rmmod and lsmod use them under ukcf run, with
 * Debian's blowfish and md4 modules: each refusal's errno (as busybox words it) and one-line reason, module
 * parameters, /proc/modules and /proc/crypto, the kernel log. The session and its expected output are data files.
 */
class ModuleSyscallsTest {
    private static final Path CRYPTO = GuestRuns.projectRoot().resolve(".cache/debian/kernel/lib/modules/6.1.0-50-686/kernel/crypto");
    private static final Path BUSYBOX = GuestRuns.projectRoot().resolve(".cache/debian/busybox/bin/busybox");

    @Test
    void busyboxModuleCommandsSeeLinuxAnswers(@TempDir Path work) throws Exception {
        GuestRuns.skipUnless(Files.isRegularFile(CRYPTO.resolve("md4.ko")) && Files.isRegularFile(BUSYBOX),
                "Debian's kernel modules and busybox are not fetched (test-drivers/fetch-debian.sh)");
        for (String module : List.of("blowfish_common.ko", "blowfish_generic.ko", "md4.ko")) {
            Files.copy(CRYPTO.resolve(module), work.resolve(module));
        }
        Files.write(work.resolve("session.sh"), resource("session.sh"));
        GuestRuns.Outcome outcome = GuestRuns.ukcf(List.of("--", BUSYBOX.toString(), "sh", "session.sh", BUSYBOX.toString()), work, null);
        assertEquals(0, outcome.status(), outcome.toString());
        assertEquals(new String(resource("session.expected"), StandardCharsets.UTF_8),
                "@@ stdout\n" + outcome.stdout() + "@@ stderr\n" + outcome.stderr());
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = ModuleSyscallsTest.class.getResourceAsStream("modules/" + name)) {
            return in.readAllBytes();
        }
    }
}
