package ukcf.kernel.crypto.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import ukcf.kernel.HostKernel;
import ukcf.kernel.KernelModules;
import ukcf.kernel.crypto.Algorithm;
import ukcf.kernel.crypto.CryptoException;
import ukcf.kernel.crypto.Hash;
import ukcf.kernel.crypto.Skcipher;

/**
 * Debian's seven crypto modules loaded into a host kernel, their init registering shells, every published vector of
 * {@code known-answers.tsv} answered through the crypto registry (the driver code runs in the executor, the
 * templates natively), then unloaded: the algorithms are gone and every kernel allocation is returned.
 */
class DebianCryptoShellsTest {
    private static final Path MODULES = Path.of(System.getProperty("user.dir")).getParent()
            .resolve(".cache/debian/kernel/lib/modules/6.1.0-50-686/kernel/crypto");
    static final List<String> LOAD_ORDER = List.of("blowfish_common", "blowfish_generic", "des_generic",
            "sha3_generic", "md4", "michael_mic", "crc32_generic");

    @Test
    void knownAnswersThroughTheDriversThenUnload() throws Exception {
        HostKernel kernel = new HostKernel();
        KernelModules modules = kernel.modules();
        int heapBefore = modules.heap().count();
        for (String name : LOAD_ORDER) {
            Path file = MODULES.resolve(name + ".ko");
            Assumptions.assumeTrue(Files.isRegularFile(file), "Debian's 686 modules are not fetched: " + file);
            modules.load(null, file.getFileName().toString(), Files.readAllBytes(file), "");
        }
        int cases = 0;
        for (String[] row : rows()) {
            assertEquals(row[5], run(kernel, row), String.join(" ", row));
            cases++;
        }
        assertTrue(cases >= 20, cases + " cases");
        assertTrue(kernel.crypto().procCrypto().contains("module       : blowfish_generic"), kernel.crypto().procCrypto());
        for (int i = LOAD_ORDER.size() - 1; i >= 0; i--) modules.unload(null, LOAD_ORDER.get(i));
        assertEquals(List.of(), kernel.crypto().all().stream().map(Algorithm::driverName).toList());
        assertEquals(heapBefore, modules.heap().count(), "kernel allocations left behind");
        assertEquals(List.of(), modules.api().unimplementedImports());
    }

    static String run(HostKernel kernel, String[] row) throws CryptoException {
        HexFormat hex = HexFormat.of();
        byte[] key = bytes(row[2]), iv = bytes(row[3]), input = bytes(row[4]);
        if (row[0].equals("digest")) {
            try (Hash.Instance h = kernel.crypto().find(row[1], Hash.class).newInstance()) {
                if (row[2].length() > 1) h.setKey(key);
                h.init();
                h.update(input, 0, input.length);
                return hex.formatHex(h.finish());
            }
        }
        try (Skcipher.Instance c = kernel.crypto().find(row[1], Skcipher.class).newInstance()) {
            c.setKey(key);
            byte[] out = new byte[input.length];
            if (row[0].equals("encrypt")) c.encrypt(iv, input, 0, out, 0, input.length);
            else c.decrypt(iv, input, 0, out, 0, input.length);
            return hex.formatHex(out);
        }
    }

    private static byte[] bytes(String field) { return field.equals("-") ? new byte[0] : HexFormat.of().parseHex(field); }

    static List<String[]> rows() throws IOException {
        try (InputStream in = DebianCryptoShellsTest.class.getResourceAsStream("known-answers.tsv")) {
            List<String[]> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) rows.add(line.split("\t"));
            }
            return rows;
        }
    }
}
