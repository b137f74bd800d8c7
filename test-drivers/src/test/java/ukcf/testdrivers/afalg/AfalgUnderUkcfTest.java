package ukcf.testdrivers.afalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import ukcf.testdrivers.HostCommand;

/**
 * The kernel bridge's core path: under {@code ukcf run}, busybox insmod loads Debian's crypto modules (their init
 * runs in the driver executor and registers shells), afalg reaches them through AF_ALG, busybox lsmod, rmmod and
 * dmesg see them. lsmod, the algorithms' /proc/crypto entries and rmmod must equal what Debian's 686 kernel printed
 * (drivers/reference-kernel/*.expected, less the modules ukcf provides natively: afalg/ukcf-builtin.txt), every
 * afalg result must equal the Java checker's, and the kernel log must stay empty (no warning, no oops).
 */
class AfalgUnderUkcfTest {
    static final Path WORK = HostCommand.ROOT.resolve("test-drivers/target/afalg-ukcf");
    static final Path MODULES = HostCommand.ROOT.resolve(".cache/debian/kernel/lib/modules/6.1.0-50-686/kernel");
    static final Path BUSYBOX = HostCommand.ROOT.resolve(".cache/debian/busybox/bin/busybox");
    static final Path EXPECTED = HostCommand.ROOT.resolve("test-drivers/src/test/resources/ukcf/testdrivers/drivers/reference-kernel");

    @Test
    void debianCryptoModulesUnderUkcfAgreeWithTheReferenceKernelAndTheChecker() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(MODULES), "Debian's 686 kernel modules are not fetched (test-drivers/fetch-debian.sh)");
        Assumptions.assumeTrue(Files.isRegularFile(BUSYBOX), "Debian's busybox is not fetched (test-drivers/fetch-debian.sh)");
        Files.createDirectories(WORK);
        for (String name : List.of("known-answers.tsv", "algorithms.tsv", "modules.txt", "ukcf-builtin.txt", "in-ukcf.sh")) {
            try (var in = AfalgUnderUkcfTest.class.getResourceAsStream(AfalgOracleTest.RESOURCES + name)) {
                Files.copy(in, WORK.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path afalg = HostCommand.buildProgram("afalg", WORK);
        Assumptions.assumeTrue(afalg != null, "i686-linux-gnu-gcc is not installed (scripts/install-test-deps.sh)");

        HostCommand run = HostCommand.run(WORK, 580, List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "ukcf.cli.Main", "run", "--", BUSYBOX.toString(), "sh", "in-ukcf.sh", BUSYBOX.toString(), MODULES.toString(),
                AfalgOracleTest.SEED, Integer.toString(AfalgOracleTest.CASES_PER_ALGORITHM)));
        assertEquals(0, run.status(), "ukcf run: " + run.errors() + "\n" + run.output());
        assertEquals("", run.errors(), "ukcf run's error stream");
        Map<String, List<String>> sections = HostCommand.sections(run.lines());

        Set<String> loaded = loadedModules();
        assertEquals(reference("crypto-lsmod", line -> loaded.contains(line.split(" ")[0])), sections.get("crypto-lsmod"));
        assertEquals(reference("crypto-proc", line -> true), sections.get("crypto-proc"));
        assertEquals(reference("crypto-rmmod", line -> line.startsWith("rmmod ") && loaded.contains(line.substring(6))),
                sections.get("crypto-rmmod"));
        assertEquals(List.of(), sections.get("crypto-log"), "the kernel log");

        List<String> knownAnswers = sections.get("afalg-known-answers"), random = sections.get("afalg-random");
        assertEquals("status 0", knownAnswers.get(knownAnswers.size() - 1), String.join("\n", knownAnswers));
        assertEquals("status 0", random.get(random.size() - 1), String.join("\n", random));
        List<String> cases = new ArrayList<>(knownAnswers.subList(0, knownAnswers.size() - 1));
        cases.addAll(random.subList(0, random.size() - 1));
        int published = (int) CryptoCheckerTest.resourceLines("known-answers.tsv").stream().filter(AfalgCase::isCase).count();
        assertEquals(published + AfalgOracleTest.CASES_PER_ALGORITHM * CryptoChecker.algorithms().size(), cases.size());
        AfalgOracleTest.checkAll(cases);
    }

    /** Module names that modules.txt lists and ukcf loads (not in ukcf-builtin.txt). */
    private static Set<String> loadedModules() throws Exception {
        Set<String> builtin = Set.copyOf(CryptoCheckerTest.resourceLines("ukcf-builtin.txt"));
        return CryptoCheckerTest.resourceLines("modules.txt").stream()
                .filter(line -> !line.startsWith("#") && !line.isBlank() && !builtin.contains(line))
                .map(line -> line.replaceAll(".*/|\\.ko$", "")).collect(Collectors.toSet());
    }

    private static List<String> reference(String section, java.util.function.Predicate<String> keep) throws Exception {
        return Files.readAllLines(EXPECTED.resolve(section + ".expected")).stream().filter(keep).toList();
    }
}
