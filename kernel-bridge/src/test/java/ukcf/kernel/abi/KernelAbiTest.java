package ukcf.kernel.abi;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The profile against facts found independently: md4.ko's own relocations place init_module and cleanup_module
 * at struct module's init and exit, and its .gnu.linkonce.this_module is sizeof(struct module); its .modinfo
 * carries the same vermagic; the i386 C ABI fixes list_head and kernel_symbol (three prel32 ints).
 */
class KernelAbiTest {
    private final KernelAbi abi = KernelAbi.debian686();

    @Test
    void layoutsAnI386KernelMustHave() {
        assertEquals(8, abi.struct("list_head").size());
        assertEquals(4, abi.struct("list_head").offset("prev"));
        assertEquals(12, abi.struct("kernel_symbol").size());
        assertEquals(20, abi.struct("kernel_param").size());
        assertEquals("6.1.0-50-686", abi.release());
        assertEquals(abi.constant("MODULE_NAME_LEN"), abi.struct("module").field("name").size());
        assertEquals(0xC0000000L, abi.constant("PAGE_OFFSET") & 0xFFFFFFFFL);
        assertEquals(ukcf.kernel.memory.KernelRegion.KERNEL_BASE, (int) abi.constant("PAGE_OFFSET"), "the kernel half starts at PAGE_OFFSET");
        assertTrue(abi.vermagic().startsWith("6.1.0-50-686 SMP preempt mod_unload modversions "));
        assertTrue(abi.struct("crypto_alg").offset("cra_u.cipher.cia_setkey") > abi.struct("crypto_alg").offset("cra_name"));
        assertThrows(IllegalArgumentException.class, () -> abi.struct("no_such_struct"));
        assertThrows(IllegalArgumentException.class, () -> abi.struct("module").field("no_such_field"));
    }

    @Test
    void structModuleMatchesARealModulesRelocations() throws Exception {
        Path md4 = Path.of(System.getProperty("user.dir")).getParent()
                .resolve(".cache/debian/kernel/lib/modules/6.1.0-50-686/kernel/crypto/md4.ko");
        Assumptions.assumeTrue(Files.isRegularFile(md4), "Debian's modules are not fetched: " + md4);
        String relocations = run("i686-linux-gnu-objdump", "-r", "-j", ".gnu.linkonce.this_module", md4.toString());
        assertTrue(relocations.matches("(?s).*\\b" + String.format("%08x", abi.struct("module").offset("init")) + " R_386_32\\s+init_module.*"), relocations);
        assertTrue(relocations.matches("(?s).*\\b" + String.format("%08x", abi.struct("module").offset("exit")) + " R_386_32\\s+cleanup_module.*"), relocations);
        String sections = run("i686-linux-gnu-readelf", "-S", "-W", md4.toString());
        assertTrue(sections.matches("(?s).*\\.gnu\\.linkonce\\.this_module\\s+PROGBITS\\s+\\S+\\s+\\S+\\s+"
                + String.format("%06x", abi.struct("module").size()) + ".*"), sections);
        assertTrue(run("i686-linux-gnu-readelf", "-p", ".modinfo", md4.toString()).contains("vermagic=" + abi.vermagic()));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort(command[0] + " is not installed (scripts/install-test-deps.sh)");
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
