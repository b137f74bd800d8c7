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
 * A module whose init cannot complete under ukcf run: with calendar_at_init=1, ukcf_unimpl's init calls
 * rtc_time64_to_tm, which the bridge leaves unimplemented, so the call stops with a report naming the import and
 * the init function, the load is undone (lsmod shows nothing, no device node stays, the same module loads again to
 * the same end) and insmod sees EFAULT. Without the parameter the module then loads and its device answers.
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
                bb + " insmod " + module + " calendar_at_init=1; echo \"first: $?\"",
                bb + " insmod " + module + " calendar_at_init=1; echo \"again: $?\"",
                bb + " lsmod | " + bb + " sed 1d",
                bb + " ls /dev/ukcf_unimpl 2>/dev/null; echo \"node: $?\"",
                bb + " dmesg | " + bb + " grep -c 'call to unimplemented kernel function rtc_time64_to_tm from unimpl_init+0x'",
                bb + " insmod " + module + "; echo \"plain: $?\"",
                bb + " ls /dev/ukcf_unimpl",
                bb + " rmmod ukcf_unimpl; echo \"rmmod: $?\"", ""));
        HostCommand run = HostCommand.run(work, 300, List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "ukcf.cli.Main", "run", "--", bb, "sh", script.toString()));
        assertEquals(0, run.status(), run.errors());
        // busybox's insmod tries finit_module, then init_module; each attempt logs the oops report's first line and
        // the loader's refusal, both naming the import and the init function: 2 insmods x 2 attempts x 2 lines
        assertEquals(List.of("first: 14", "again: 14", "node: 1", "8", "plain: 0", "/dev/ukcf_unimpl", "rmmod: 0"), run.lines());
        assertTrue(run.errors().contains("ukcf: ukcf_unimpl: init did not complete: call to unimplemented kernel function"
                + " rtc_time64_to_tm from unimpl_init+0x"), run.errors());
    }
}
