package ukcf.testdrivers.drivers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import ukcf.testdrivers.HostCommand;

/**
 * Our char-device drivers under {@code ukcf run}: busybox insmod loads them, chardev-app drives ukcf_chardev through
 * open, read, write, llseek, ioctl, mmap, poll and release, kdrv-faults calls the unimplemented import and the wild
 * pointers, cat and echo use ukcf_cdev's node, then the drivers unload and ukcf_chardev comes back with parameters;
 * ukcf_platform's probe runs when its init registers a platform driver and device, and remove when it unloads;
 * ukcf_pci probes QEMU's standard VGA among the functions of the modeled qemu-pc machine.
 * Every section must equal what Debian's 686 kernel printed for the same steps (reference-kernel/*.expected), except
 * the lines ukcf-differences.tsv names with the reason; the error stream carries one report per failed driver call.
 */
class CharDevicesUnderUkcfTest {
    static final Path WORK = HostCommand.ROOT.resolve("test-drivers/target/chardev-ukcf");
    static final Path BUSYBOX = HostCommand.ROOT.resolve(".cache/debian/busybox/bin/busybox");
    static final Path EXPECTED = HostCommand.ROOT.resolve("test-drivers/src/test/resources/ukcf/testdrivers/drivers/reference-kernel");
    static final String RESOURCES = "/ukcf/testdrivers/drivers/";

    @Test
    void ourDriversUnderUkcfAnswerAsTheReferenceKernel() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(BUSYBOX), "Debian's busybox is not fetched (test-drivers/fetch-debian.sh)");
        TestDriverBuildTest.buildDrivers();
        Files.createDirectories(WORK);
        for (String driver : List.of("ukcf_chardev", "ukcf_cdev", "ukcf_unimpl", "ukcf_oops", "ukcf_platform", "ukcf_pci")) {
            Files.copy(TestDriverBuildTest.BUILT.resolve(driver + ".ko"), WORK.resolve(driver + ".ko"), StandardCopyOption.REPLACE_EXISTING);
        }
        try (var in = getClass().getResourceAsStream(RESOURCES + "in-ukcf.sh")) {
            Files.copy(in, WORK.resolve("in-ukcf.sh"), StandardCopyOption.REPLACE_EXISTING);
        }
        for (String program : List.of("chardev-app", "kdrv-faults")) {
            Assumptions.assumeTrue(HostCommand.buildProgram(program, WORK) != null, "i686-linux-gnu-gcc is not installed (scripts/install-test-deps.sh)");
        }

        List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "ukcf.cli.Main");
        Path trace = WORK.resolve("trace.txt");
        List<String> command = new ArrayList<>(java);
        command.addAll(List.of("run", "--pci", "qemu-pc", "--trace", trace.toString(), "--stats", "--", BUSYBOX.toString(), "sh",
                "in-ukcf.sh", BUSYBOX.toString()));
        HostCommand run = HostCommand.run(WORK, 300, command);
        assertEquals(0, run.status(), "ukcf run: " + run.errors() + "\n" + run.output());
        Map<String, List<String>> sections = HostCommand.sections(run.lines());
        Map<String, List<String[]>> differences = differences();
        for (String section : List.of("lsmod", "chardev-app", "kdrv-faults", "cdev", "parameters", "kernel-log", "platform", "pci")) {
            assertEquals(expected(section, differences.getOrDefault(section, List.of())), sections.get(section), section);
        }
        assertEquals(List.of("ls: /dev/ukcf_chardev: No such file or directory", "ls: 1"), sections.get("nodes"),
                "the node goes with its module");

        checkTrace(java, trace);

        // --stats: the figures per origin close the error stream
        List<String> errors = run.errors().lines().toList();
        int stats = errors.indexOf("ukcf: guest instructions by origin");
        assertTrue(stats > 0, run.errors());
        List<String> origins = errors.subList(stats + 1, errors.size());
        assertTrue(origins.get(0).matches(" {2}application +[1-9]\\d+"), origins.get(0));
        for (String driver : List.of("ukcf_cdev", "ukcf_chardev", "ukcf_oops", "ukcf_pci", "ukcf_platform", "ukcf_unimpl")) {
            assertTrue(origins.stream().anyMatch(line -> line.matches(" {2}driver " + driver + " +[1-9]\\d* +\\d+ calls, \\d+ failed, \\d+ us")),
                    driver + " in\n" + run.errors());
        }
        assertTrue(origins.stream().anyMatch(line -> line.matches(" {2}driver ukcf_oops .* 2 failed, .*")), run.errors());

        // one line on the error stream per failed driver call, naming driver, operation, node and cause
        List<String> reports = errors.subList(0, stats);
        assertEquals(3, reports.size(), run.errors());
        assertTrue(reports.get(0).matches("ukcf: ukcf_unimpl: unlocked_ioctl on /dev/ukcf_unimpl \\(10:\\d+\\) failed: call to"
                + " unimplemented kernel function rtc_time64_to_tm from unimpl_ioctl\\+0x\\p{XDigit}+/0x\\p{XDigit}+ \\[ukcf_unimpl\\]"), reports.get(0));
        for (String report : reports.subList(1, 3)) {
            assertTrue(report.matches("ukcf: ukcf_oops: unlocked_ioctl on /dev/ukcf_oops \\(10:\\d+\\) failed: BUG: unable to handle"
                    + " page fault for address 0xdead0000 at wild_ioctl\\+0x\\p{XDigit}+/0x\\p{XDigit}+ \\[ukcf_oops\\]: .*"), report);
        }
    }

    /**
     * The trace of the run, summarized by ukcf trace: each shell the drivers' registrations made was entered as
     * often as the steps above call it, the failed calls are counted against their entry point, and the host calls
     * made inside them are listed.
     */
    private static void checkTrace(List<String> java, Path trace) throws Exception {
        List<String> command = new ArrayList<>(java);
        command.addAll(List.of("trace", trace.toString()));
        HostCommand summary = HostCommand.run(WORK, 60, command);
        assertEquals(0, summary.status(), summary.errors());
        Map<String, long[]> entries = new LinkedHashMap<>();
        for (String line : summary.lines()) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 6 && f[0].startsWith("ukcf_") && f[2].matches("\\d+")) {
                entries.put(f[0] + " " + f[1], new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])});
            }
        }
        // kdrv-faults: PING, CALENDAR (fails), PING on ukcf_unimpl; PING, READ_WILD (fails), PING, WRITE_WILD (fails), PING
        assertArrayEquals(new long[] {3, 1}, entries.get("ukcf_unimpl file_operations.unlocked_ioctl"), summary.output());
        assertArrayEquals(new long[] {5, 2}, entries.get("ukcf_oops file_operations.unlocked_ioctl"), summary.output());
        for (String entry : List.of("ukcf_chardev file_operations.open", "ukcf_chardev file_operations.read",
                "ukcf_chardev file_operations.write", "ukcf_chardev file_operations.llseek", "ukcf_chardev file_operations.mmap",
                "ukcf_chardev file_operations.poll", "ukcf_chardev file_operations.release", "ukcf_cdev file_operations.read",
                "ukcf_platform platform_driver.probe", "ukcf_platform platform_driver.remove", "ukcf_pci pci_driver.probe",
                "ukcf_pci pci_driver.remove", "ukcf_chardev module.init", "ukcf_chardev module.exit")) {
            assertTrue(entries.containsKey(entry) && entries.get(entry)[0] > 0 && entries.get(entry)[1] == 0,
                    entry + " in\n" + summary.output());
        }
        for (String hostCall : List.of("remap_pfn_range", "misc_register", "__platform_driver_register", "pci_read_config_word")) {
            assertTrue(summary.output().contains("calls " + hostCall + " "), hostCall + " in\n" + summary.output());
        }
    }

    /** The reference kernel's section with ukcf's declared differences applied. */
    private static List<String> expected(String section, List<String[]> differences) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(EXPECTED.resolve(section + ".expected"))) {
            String[] difference = differences.stream().filter(d -> d[1].equals(line)).findFirst().orElse(null);
            if (difference == null) lines.add(line);
            else if (!difference[2].isEmpty()) lines.addAll(List.of(difference[2].split("\\|")));
        }
        for (String[] d : differences) {
            assertTrue(Files.readAllLines(EXPECTED.resolve(section + ".expected")).contains(d[1]),
                    "ukcf-differences.tsv names a line the reference does not have: " + d[1]);
        }
        return lines;
    }

    /** ukcf-differences.tsv by section: {section, reference line, ukcf lines, why}. */
    private static Map<String, List<String[]>> differences() throws Exception {
        Map<String, List<String[]>> bySection = new LinkedHashMap<>();
        try (var in = CharDevicesUnderUkcfTest.class.getResourceAsStream(RESOURCES + "ukcf-differences.tsv")) {
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#") || line.isBlank()) continue;
                String[] fields = line.split("\t", -1);
                assertEquals(4, fields.length, "ukcf-differences.tsv: " + line);
                assertTrue(!fields[3].isBlank(), "ukcf-differences.tsv gives no reason: " + line);
                bySection.computeIfAbsent(fields[0], s -> new ArrayList<>()).add(fields);
            }
        }
        return bySection;
    }
}
