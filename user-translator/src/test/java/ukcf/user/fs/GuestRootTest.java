package ukcf.user.fs;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ukcf.user.GuestRuns;
import ukcf.user.GuestRuns.Outcome;

/**
 * Programs run with {@code --root}: a dynamically linked program finds ld-linux.so.2 and libc.so.6 in Debian's
 * i386 libc6 root and behaves as it does natively through that root's loader; busybox-static runs in a root of its
 * own; /proc/self/maps names the files ld.so mapped, with their offsets and inodes.
 */
class GuestRootTest {
    private static final String ROOT_FILE = "/etc/ld.so.conf.d/i386-linux-gnu.conf";

    @TempDir
    Path temporary;

    private static Path libcRoot() {
        Path root = GuestRuns.projectRoot().resolve(".cache/debian/i386-root");
        GuestRuns.skipUnless(Files.isRegularFile(root.resolve("lib/ld-linux.so.2")),
                root + " is absent (run test-drivers/fetch-debian.sh libc6)");
        return root;
    }

    @Test
    void aDynamicallyLinkedProgramMatchesItsNativeRunThroughTheRootsLoader() throws Exception {
        Path root = libcRoot();
        Path program = GuestRuns.compile("dynamic", temporary);
        Outcome expected = GuestRuns.run(List.of(root.resolve("lib/ld-linux.so.2").toString(), "--library-path",
                root.resolve("lib/i386-linux-gnu").toString(), program.toString(), root + ROOT_FILE), temporary, null);
        GuestRuns.skipUnless(expected.stdout().startsWith("glibc "), "this host cannot run i386 programs: " + expected);
        Outcome actual = GuestRuns.ukcf(List.of("--root", root.toString(), "--", program.toString(), ROOT_FILE),
                temporary, null);
        assertEquals(expected.toString(), actual.toString());
        assertEquals(5, actual.status());
    }

    @Test
    void mapsNamesTheProgramsFileWithItsOffsetAndInode() throws Exception {
        Path root = libcRoot();
        Path program = GuestRuns.compile("dynamic", temporary);
        // The program prints the first line of the file it is given: /proc/self/maps starts with the program
        // itself at ELF_ET_DYN_BASE (it lies outside the root, so it is named by its host path).
        Outcome run = GuestRuns.ukcf(List.of("--root", root.toString(), "--", program.toString(), "/proc/self/maps"),
                temporary, null);
        String firstLine = run.stdout().lines().filter(l -> l.startsWith("first line: ")).findFirst().orElse("");
        long inode = (Long) Files.getAttribute(program, "unix:ino");
        assertTrue(firstLine.matches(String.format("first line: %08x-%08x r--p 00000000 [0-9a-f]{2}:[0-9a-f]{2} ",
                ukcf.user.elf.ElfLoader.ELF_ET_DYN_BASE, ukcf.user.elf.ElfLoader.ELF_ET_DYN_BASE + 0x1000)
                + inode + " +" + java.util.regex.Pattern.quote(program.toString())), run.toString());
    }

    /** The auxiliary vector of a dynamic PIE whose /lib is a bind mount of the libc root's. */
    @Test
    void auxvDescribesTheProgramItsInterpreterAndOurCpu() throws Exception {
        Path libc = libcRoot();
        Path root = Files.createDirectories(temporary.resolve("root/bin"));
        Path program = GuestRuns.compile("guest-only/auxv", root);
        Outcome run = GuestRuns.ukcf(List.of("--root", temporary.resolve("root").toString(), "--bind",
                libc.resolve("lib") + ":/lib", "--", program.toString()), temporary, null);
        ukcf.user.elf.ElfFile elf = ukcf.user.elf.ElfFile.parse(Files.readAllBytes(program));
        int base = ukcf.user.elf.ElfLoader.ELF_ET_DYN_BASE;
        java.util.Map<String, String> values = new java.util.HashMap<>();
        for (String line : run.stdout().split("\n")) values.put(line.split(" ", 2)[0], line.split(" ", 2)[1]);
        assertAll(run.toString(),
                () -> assertEquals(hex(base + elf.find(ukcf.user.elf.ProgramHeader.PT_PHDR).virtualAddress()), values.get("AT_PHDR")),
                () -> assertEquals("0x20", values.get("AT_PHENT")),
                () -> assertEquals(hex(elf.programHeaders().size()), values.get("AT_PHNUM")),
                () -> assertEquals("0x1000", values.get("AT_PAGESZ")),
                () -> assertEquals(hex(base + elf.entry()), values.get("AT_ENTRY")),
                () -> assertEquals(hex(ukcf.cpu.semantics.CpuidTable.standard().features() & 0xFFFFFFFFL), values.get("AT_HWCAP")),
                () -> assertTrue(Long.decode(values.get("AT_BASE")) > base + 0x100000
                        && Long.decode(values.get("AT_BASE")) % 4096 == 0, "AT_BASE " + values.get("AT_BASE")),
                () -> assertEquals("0x0", values.get("AT_SYSINFO"), "no vDSO, so no AT_SYSINFO"),
                () -> assertEquals("0x0", values.get("AT_SYSINFO_EHDR")),
                () -> assertEquals(program.toString(), values.get("AT_EXECFN")),
                () -> assertEquals("matches", values.get("/proc/self/auxv")),
                () -> assertEquals("/bin/auxv", values.get("exe")),
                () -> assertEquals(0, run.status()));
    }

    private static String hex(long value) { return "0x" + Long.toHexString(value); }

    @Test
    void busyboxRunsConfinedToARootOfItsOwn() throws Exception {
        Path busybox = GuestRuns.projectRoot().resolve(".cache/debian/busybox/bin/busybox");
        GuestRuns.skipUnless(Files.isRegularFile(busybox), busybox + " is absent (run test-drivers/fetch-debian.sh busybox)");
        Path root = Files.createDirectories(temporary.resolve("root"));
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("etc"));
        Files.copy(busybox, root.resolve("bin/busybox"));
        Files.writeString(root.resolve("etc/motd"), "inside the guest root\n");
        Files.writeString(temporary.resolve("motd"), "outside\n");
        Outcome run = GuestRuns.ukcf(List.of("--root", root.toString(), "--", root.resolve("bin/busybox").toString(),
                "sh", "-c", "cd /etc && pwd && cat motd ../../etc/motd && ls / && readlink /proc/self/exe "
                        + "&& /bin/busybox echo exec inside the root && cat /../motd"), temporary, null);
        assertEquals("status 1\n--- stdout\n/etc\ninside the guest root\ninside the guest root\nbin\netc\n"
                + "/bin/busybox\nexec inside the root\n--- stderr\ncat: can't open '/../motd': No such file or directory\n",
                run.toString());
    }
}
