package ukcf.testdrivers.afalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The independent checker reproduces every published answer in known-answers.tsv and knows every listed algorithm. */
class CryptoCheckerTest {
    static List<String> resourceLines(String name) {
        try (var in = CryptoCheckerTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> knownAnswers() {
        return resourceLines("known-answers.tsv").stream().filter(AfalgCase::isCase).map(AfalgCase::parse)
                .map(c -> DynamicTest.dynamicTest(c.describe(), () -> assertEquals(c.result(), CryptoChecker.expected(c))));
    }

    @Test
    void checkerCoversTheAlgorithmList() {
        var listed = new TreeSet<String>();
        for (String line : resourceLines("algorithms.tsv")) {
            if (AfalgCase.isCase(line)) {
                listed.add(line.trim().split("\\s+")[1]);
            }
        }
        assertEquals(listed, CryptoChecker.algorithms());
    }

    @Test
    void cipherRoundTripsThroughDecrypt() throws GeneralSecurityException {
        AfalgCase encrypt = AfalgCase.parse("encrypt ctr(blowfish) 00112233 0102030405060708 48656c6c6f2c20414c4721");
        String ciphertext = CryptoChecker.expected(encrypt).orElseThrow();
        AfalgCase decrypt = AfalgCase.parse("decrypt ctr(blowfish) 00112233 0102030405060708 " + ciphertext);
        assertEquals("48656c6c6f2c20414c4721", CryptoChecker.expected(decrypt).orElseThrow());
    }
}
