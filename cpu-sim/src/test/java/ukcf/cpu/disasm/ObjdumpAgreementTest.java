package ukcf.cpu.disasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The decoder proof: ukcf agrees with objdump -d on the length and mnemonic of every instruction of
 * Debian's busybox-static:i386 and of a varied set of Debian 686 kernel modules (fetched into .cache/debian
 * by test-drivers/fetch-debian.sh; the test is skipped, saying why, when they are absent).
 */
class ObjdumpAgreementTest {
    /**
     * Crypto (generic and SSE2/AES-NI), network, sound, video, storage, USB, filesystem, input and hardware
     * monitoring drivers. (xor.ko and raid6_pq.ko are left out: they carry AVX/AVX-512 paths, which ukcf does not
     * decode; see the disasm package documentation.)
     */
    static final List<String> MODULES = List.of(
            "crypto/blowfish_generic.ko", "crypto/sha3_generic.ko", "crypto/des_generic.ko", "crypto/md4.ko",
            "crypto/michael_mic.ko", "crypto/crc32_generic.ko", "crypto/twofish_generic.ko",
            "crypto/camellia_generic.ko", "crypto/cast6_generic.ko", "crypto/sha512_generic.ko",
            "arch/x86/crypto/serpent-sse2-i586.ko", "arch/x86/crypto/twofish-i586.ko", "arch/x86/crypto/aesni-intel.ko",
            "drivers/video/fbdev/cirrusfb.ko", "drivers/net/ethernet/intel/e1000/e1000.ko",
            "drivers/net/ethernet/realtek/8139too.ko", "sound/pci/snd-ens1370.ko", "sound/pci/ac97/snd-ac97-codec.ko",
            "fs/fat/vfat.ko", "fs/isofs/isofs.ko", "net/ipv4/ipip.ko", "drivers/usb/host/uhci-hcd.ko",
            "drivers/block/loop.ko", "drivers/input/mouse/psmouse.ko", "drivers/hwmon/coretemp.ko",
            "arch/x86/kernel/cpu/mce/mce-inject.ko");

    static Path root() { return Path.of(System.getProperty("ukcf.root", ".")); }

    static List<Path> files() throws IOException {
        Path debian = root().resolve(".cache/debian");
        List<Path> files = new ArrayList<>();
        files.add(debian.resolve("busybox/bin/busybox"));
        Path modules = debian.resolve("kernel/lib/modules");
        if (Files.isDirectory(modules)) {
            try (Stream<Path> versions = Files.list(modules)) {
                Path kernel = versions.map(v -> v.resolve("kernel")).filter(Files::isDirectory).findFirst().orElse(null);
                if (kernel != null) for (String m : MODULES) files.add(kernel.resolve(m));
            }
        }
        return files;
    }

    @Test
    void agreesWithObjdumpOnBusyboxAndKernelModules() throws Exception {
        List<Path> files = files();
        List<Path> missing = files.stream().filter(f -> !Files.isRegularFile(f)).toList();
        Assumptions.assumeTrue(missing.isEmpty() && files.size() == MODULES.size() + 1,
                () -> "Debian binaries missing (run test-drivers/fetch-debian.sh): " + missing);
        String version = ObjdumpAgreement.objdumpVersion();
        Assumptions.assumeTrue(version != null, "objdump is not installed");
        ObjdumpAgreement.Counts total = ObjdumpAgreement.report(files, System.out);
        assertTrue(total.instructions() > 100_000, "suspiciously few instructions: " + total.instructions());
        assertEquals(total.instructions(), total.decoded(), "instructions not decoded: " + total.firstMismatches());
        assertEquals(0, total.lengthMismatches(), "length mismatches: " + total.firstMismatches());
        assertEquals(0, total.mnemonicMismatches(), "mnemonic mismatches: " + total.firstMismatches());
        // Operand spelling is checked against the binutils the disassembler follows (the bar is length
        // and mnemonic); other versions print a few operands differently.
        if (version.contains(" 2.40")) {
            assertEquals(0, total.textMismatches(), "operand text mismatches: " + total.firstMismatches());
        }
    }

    @Test
    void readsTheMnemonicOutOfObjdumpText() {
        assertEquals("rep stos", ObjdumpAgreement.objdumpMnemonic("rep stos %eax,%es:(%edi)"));
        assertEquals("repz ret", ObjdumpAgreement.objdumpMnemonic("repz ret"));
        assertEquals("call", ObjdumpAgreement.objdumpMnemonic("call   c01000 <foo+0x10>"));
        assertEquals("jmp", ObjdumpAgreement.objdumpMnemonic("jmp    0x8049000"));
        assertEquals("je,pn", ObjdumpAgreement.objdumpMnemonic("je,pn  0x40"));
        assertEquals("fadd", ObjdumpAgreement.objdumpMnemonic("fadd   %st(1),%st"));
    }
}
