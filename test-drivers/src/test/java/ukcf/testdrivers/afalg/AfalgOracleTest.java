package ukcf.testdrivers.afalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ukcf.testdrivers.HostCommand;

/**
 * Proves the afalg program and the Java checker right before the kernel bridge exists: afalg (built for i386)
 * runs the published known answers and seeded random cases against a real kernel, and every line it prints must
 * equal what {@link CryptoChecker} computes. Two real kernels: this host's own, when it offers AF_ALG (algorithms
 * it lacks are reported and skipped), and Debian's 686 kernel with the very modules the bridge will load, booted
 * by test-drivers/reference-kernel.sh under qemu-system-i386.
 */
class AfalgOracleTest {
    static final String SEED = System.getProperty("ukcf.afalg.seed", "20261122");
    static final int CASES_PER_ALGORITHM = 6;
    static final Path ROOT = HostCommand.ROOT;
    static final Path WORK = ROOT.resolve("test-drivers/target/afalg-oracle");
    static final String RESOURCES = "/ukcf/testdrivers/afalg/";

    static Path afalg;

    @BeforeAll
    static void buildAfalg() throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        for (String name : List.of("known-answers.tsv", "algorithms.tsv", "modules.txt")) {
            try (var in = AfalgOracleTest.class.getResourceAsStream(RESOURCES + name)) {
                Files.copy(in, WORK.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        afalg = HostCommand.buildProgram("afalg", WORK);
        Assumptions.assumeTrue(afalg != null, "i686-linux-gnu-gcc is not installed (scripts/install-test-deps.sh)");
    }

    @Test
    void hostKernelAgreesWithTheChecker() throws Exception {
        HostCommand knownAnswers = HostCommand.run(WORK, 60, List.of(afalg.toString(), "known-answers.tsv"));
        HostCommand random = HostCommand.run(WORK, 60, List.of(afalg.toString(), "random", SEED, Integer.toString(CASES_PER_ALGORITHM), "algorithms.tsv"));
        List<String> lines = new ArrayList<>(knownAnswers.lines());
        lines.addAll(random.lines());
        Assumptions.assumeFalse(lines.stream().allMatch(l -> l.endsWith(" error:EAFNOSUPPORT")),
                "this host's kernel has no AF_ALG sockets (socket(AF_ALG) fails with EAFNOSUPPORT)");
        List<String> unavailable = lines.stream().filter(l -> l.endsWith(" error:ENOENT"))
                .map(l -> AfalgCase.parse(l).algorithm()).distinct().toList();
        if (!unavailable.isEmpty()) {
            System.out.println("AfalgOracleTest: this host's kernel lacks " + unavailable);
        }
        checkAll(lines.stream().filter(l -> !l.endsWith(" error:ENOENT")).toList());
    }

    @Test
    void debian686KernelAgreesWithTheChecker() throws Exception {
        Path script = WORK.resolve("in-reference-kernel.sh");
        Files.writeString(script, String.join("\n",
                "for m in $(grep -v '^#' modules.txt); do insmod /modules/$m || echo \"insmod $m failed\"; done",
                "./afalg known-answers.tsv; echo \"status $?\"",
                "./afalg random " + SEED + " " + CASES_PER_ALGORITHM + " algorithms.tsv; echo \"status $?\"", ""));
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("test-drivers/reference-kernel.sh").toString(),
                script.toString(), afalg.toString()));
        for (String name : List.of("known-answers.tsv", "algorithms.tsv", "modules.txt")) {
            command.add(WORK.resolve(name).toString());
        }
        HostCommand guest = HostCommand.run(WORK, 400, command);
        Assumptions.assumeTrue(guest.status() != 2, "no reference kernel: " + guest.errors().strip());
        assertEquals(0, guest.status(), "reference-kernel.sh: " + guest.errors());
        List<String> lines = guest.lines();
        assertEquals(List.of("status 0", "status 0"), lines.stream().filter(l -> l.startsWith("status ")).toList(),
                "afalg's exit statuses in the guest; its output:\n" + String.join("\n", lines));
        List<String> cases = lines.stream().filter(l -> !l.startsWith("status ")).toList();
        int knownAnswers = (int) CryptoCheckerTest.resourceLines("known-answers.tsv").stream().filter(AfalgCase::isCase).count();
        assertEquals(knownAnswers + CASES_PER_ALGORITHM * CryptoChecker.algorithms().size(), cases.size(),
                "one output line per case; the guest printed:\n" + String.join("\n", lines));
        checkAll(cases);
    }

    /** Every printed case must carry a result, and the result must be what the checker computes. */
    private static void checkAll(List<String> lines) throws GeneralSecurityException {
        assertTrue(!lines.isEmpty(), "afalg printed no cases");
        List<String> disagreements = new ArrayList<>();
        for (String line : lines) {
            AfalgCase c = AfalgCase.parse(line);
            String expected = CryptoChecker.expected(c).orElseThrow(() -> new AssertionError("no checker for " + line));
            if (!c.result().orElse("-").equals(expected)) {
                disagreements.add(line + "\n    checker: " + expected);
            }
        }
        assertEquals(List.of(), disagreements, disagreements.size() + " of " + lines.size() + " cases disagree");
    }
}
