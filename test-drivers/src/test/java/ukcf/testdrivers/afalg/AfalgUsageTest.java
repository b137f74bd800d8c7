package ukcf.testdrivers.afalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ukcf.testdrivers.HostCommand;

/** afalg's bad inputs end with exit status 2 and one line naming the problem (runs natively; needs no AF_ALG). */
class AfalgUsageTest {
    static final Path WORK = HostCommand.ROOT.resolve("test-drivers/target/afalg-usage");
    static Path afalg;

    @BeforeAll
    static void build() throws IOException, InterruptedException {
        afalg = HostCommand.buildProgram("afalg", WORK);
        Assumptions.assumeTrue(afalg != null, "i686-linux-gnu-gcc is not installed (scripts/install-test-deps.sh)");
    }

    private static void assertRejected(String expectedError, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(afalg.toString()));
        command.addAll(List.of(arguments));
        HostCommand run = HostCommand.run(WORK, 30, command);
        assertEquals(2, run.status(), "exit status");
        assertEquals(expectedError + "\n", run.errors());
        assertEquals("", run.output());
    }

    @Test
    void rejectsBadUsage() throws IOException, InterruptedException {
        assertRejected("usage: afalg CASES | afalg random SEED COUNT ALGORITHMS");
        assertRejected("afalg: SEED must be a number, not 'x'", "random", "x", "3", "algorithms.tsv");
        assertRejected("afalg: COUNT must be a number from 1 to 100000, not '0'", "random", "1", "0", "algorithms.tsv");
        assertRejected("afalg: cannot open missing.tsv: No such file or directory", "missing.tsv");
    }

    @Test
    void rejectsMalformedCaseAndAlgorithmLines() throws IOException, InterruptedException {
        Files.writeString(WORK.resolve("odd-hex.tsv"), "# a comment\n\ndigest md4 - - abc\n");
        assertRejected("afalg: odd-hex.tsv:3: expected \"operation algorithm key iv input [expected]\" in hex", "odd-hex.tsv");
        Files.writeString(WORK.resolve("short.tsv"), "hash md4 0 0\n");
        assertRejected("afalg: short.tsv:1: expected \"kind algorithm key-bytes iv-bytes length-unit\"", "random", "1", "1", "short.tsv");
    }
}
