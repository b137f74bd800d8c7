package ukcf.testdrivers.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import ukcf.testdrivers.HostCommand;

/**
 * Runs our drivers and their test programs inside Debian's real 686 kernel (test-drivers/reference-kernel.sh), then
 * loads and unloads Debian's crypto modules, and compares each section of the output with
 * reference-kernel/SECTION.expected. Those files are the answers the kernel bridge must reproduce (chardev-app,
 * cdev, parameters, lsmod, the kernel log, /proc/crypto entries) or, for kdrv-faults, what Linux does where the
 * bridge deliberately differs: Linux kills the task whose ioctl oopsed.
 * Run with -Dukcf.bless=true to rewrite the expected files from the kernel's output.
 */
class DriverReferenceTest {
    static final Path WORK = HostCommand.ROOT.resolve("test-drivers/target/driver-reference");
    static final Path EXPECTED = HostCommand.ROOT.resolve("test-drivers/src/test/resources/ukcf/testdrivers/drivers/reference-kernel");
    static final List<String> SECTIONS = List.of("lsmod", "chardev-app", "kdrv-faults", "cdev", "parameters", "kernel-log",
            "platform", "pci", "crypto-lsmod", "crypto-proc", "crypto-log", "crypto-rmmod");

    @Test
    void driversBehaveOnDebians686KernelAsRecorded() throws IOException, InterruptedException {
        TestDriverBuildTest.buildDrivers();
        List<String> command = new ArrayList<>(List.of(HostCommand.ROOT.resolve("test-drivers/reference-kernel.sh").toString(),
                HostCommand.ROOT.resolve("test-drivers/src/test/resources/ukcf/testdrivers/drivers/in-reference-kernel.sh").toString()));
        for (String program : List.of("chardev-app", "kdrv-faults")) {
            Path executable = HostCommand.buildProgram(program, WORK);
            Assumptions.assumeTrue(executable != null, "i686-linux-gnu-gcc is not installed (scripts/install-test-deps.sh)");
            command.add(executable.toString());
        }
        command.add(HostCommand.ROOT.resolve("test-drivers/src/test/resources/ukcf/testdrivers/afalg/modules.txt").toString());
        for (String name : TestDriverBuildTest.driverNames()) {
            command.add(TestDriverBuildTest.BUILT.resolve(name + ".ko").toString());
        }
        HostCommand guest = HostCommand.run(WORK, 400, command);
        Assumptions.assumeTrue(guest.status() != 2, "no reference kernel: " + guest.errors().strip());
        assertEquals(0, guest.status(), "reference-kernel.sh: " + guest.errors());

        Map<String, String> sections = sections(guest.lines());
        assertEquals(SECTIONS, List.copyOf(sections.keySet()), "sections printed by the guest script:\n" + guest.output());
        boolean bless = Boolean.getBoolean("ukcf.bless");
        for (String name : SECTIONS) {
            Path expected = EXPECTED.resolve(name + ".expected");
            if (bless) {
                Files.writeString(expected, sections.get(name));
            }
            assertEquals(Files.readString(expected), sections.get(name), "section " + name);
        }
    }

    private static Map<String, String> sections(List<String> lines) {
        Map<String, String> sections = new LinkedHashMap<>();
        String current = "(before the first section)";
        for (String line : lines) {
            if (line.startsWith("@@ ")) {
                current = line.substring(3);
                sections.put(current, "");
            } else {
                sections.merge(current, line + "\n", String::concat);
            }
        }
        return sections;
    }
}
