package ukcf.testdrivers.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import ukcf.testdrivers.HostCommand;

/**
 * A module whose init cannot complete under ukcf run: ukcf_unimpl's init calls misc_register, which the bridge does
 * not implement yet (misc devices come next), so the call stops with a report naming the import and the init
 * function, the load is undone (lsmod shows nothing, the same module loads again to the same end) and insmod sees
 * EFAULT. When misc devices exist this test moves to a driver whose init calls an import the bridge lacks.
 */
class InitFailureUnderUkcfTest {
    static final Path BUSYBOX = HostCommand.ROOT.resolve(".cache/debian/busybox/bin/busybox");

    @Test
    void aFailedInitLeavesNothingLoaded() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(BUSYBOX), "Debian's busybox is not fetched (test-drivers/fetch-debian.sh)");
        TestDriverBuildTest.buildDrivers();
        Path work = HostCommand.ROOT.resolve("test-drivers/target/init-failure");
        Files.createDirectories(work);
        Path script = work.resolve("session.sh");
        String bb = BUSYBOX.toString(), module = TestDriverBuildTest.BUILT.resolve("ukcf_unimpl.ko").toString();
        Files.writeString(script, String.join("\n",
                bb + " insmod " + module + "; echo \"first: $?\"",
                bb + " insmod " + module + "; echo \"again: $?\"",
                bb + " lsmod | " + bb + " sed 1d",
                bb + " dmesg | " + bb + " grep -c 'call to unimplemented kernel function misc_register from unimpl_init+0x'", ""));
        HostCommand run = HostCommand.run(work, 300, List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "ukcf.cli.Main", "run", "--", bb, "sh", script.toString()));
        assertEquals(0, run.status(), run.errors());
        // busybox's insmod tries finit_module, then init_module; each attempt logs the oops report's first line and
        // the loader's refusal, both naming the import and the init function: 2 insmods x 2 attempts x 2 lines
        assertEquals(List.of("first: 14", "again: 14", "8"), run.lines());
        assertTrue(run.errors().contains("ukcf: ukcf_unimpl: init did not complete: call to unimplemented kernel function"
                + " misc_register from unimpl_init+0x"), run.errors());
    }
}
