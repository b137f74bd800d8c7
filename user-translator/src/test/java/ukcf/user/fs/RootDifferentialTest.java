package ukcf.user.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import ukcf.user.GuestRuns;
import ukcf.user.GuestRuns.Outcome;

/**
 * The guest root against the kernel's own: each command of {@code root-commands.tsv} runs busybox-static in a
 * fresh root, natively under chroot(8) and under {@code ukcf run --root}, and everything must be identical, the
 * root's contents afterwards included. Needs root (chroot), as the test machines have.
 */
class RootDifferentialTest {
    private static final List<String> APPLETS = List.of("cat", "ls", "ln", "readlink", "mkdir", "rmdir", "find",
            "stat", "realpath", "mv", "rm", "echo", "pwd", "touch");

    @TempDir
    Path temporary;

    @TestFactory
    Stream<DynamicTest> aRootBehavesAsAChroot() throws Exception {
        Path busybox = GuestRuns.projectRoot().resolve(".cache/debian/busybox/bin/busybox");
        GuestRuns.skipUnless(Files.isRegularFile(busybox), busybox + " is absent (run test-drivers/fetch-debian.sh busybox)");
        Path probe = layOut(temporary.resolve("probe"), busybox);
        Outcome chroot = GuestRuns.run(List.of("chroot", probe.toString(), "/bin/busybox", "true"), temporary, null);
        GuestRuns.skipUnless(chroot.status() == 0, "chroot(8) does not run here (needs root and i386): " + chroot);
        List<DynamicTest> tests = new ArrayList<>();
        int number = 0;
        for (String line : resource("root-commands.tsv").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            List<String> command = Arrays.asList(line.split("\t", -1));
            int n = number++;
            tests.add(DynamicTest.dynamicTest(String.join(" ", command), () -> {
                Path nativeRoot = layOut(temporary.resolve("native" + n), busybox);
                List<String> argv = new ArrayList<>(List.of("chroot", nativeRoot.toString(), "/bin/busybox"));
                argv.addAll(command);
                String expected = GuestRuns.run(argv, nativeRoot, null) + snapshot(nativeRoot);
                Path guestRoot = layOut(temporary.resolve("ukcf" + n), busybox);
                List<String> ukcf = new ArrayList<>(List.of("--root", guestRoot.toString(), "--",
                        guestRoot.resolve("bin/busybox").toString()));
                ukcf.addAll(command);
                assertEquals(expected, GuestRuns.ukcf(ukcf, guestRoot, null) + snapshot(guestRoot));
            }));
        }
        return tests.stream();
    }

    private static Path layOut(Path root, Path busybox) throws IOException {
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("home/user"));
        Files.copy(busybox, root.resolve("bin/busybox"));
        // Applets by name, so that sh finds them in /bin natively too (without /proc/self/exe in the chroot).
        for (String applet : APPLETS) Files.createSymbolicLink(root.resolve("bin/" + applet), Path.of("busybox"));
        Files.writeString(root.resolve("etc/motd"), "inside the root\n");
        Files.writeString(root.resolve("home/user/notes.txt"), "notes\n");
        return root;
    }

    /** Every entry of the root with its type and content or link text, sorted. */
    private static String snapshot(Path root) throws IOException {
        StringBuilder s = new StringBuilder("--- root\n");
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted().toList()) {
                if (p.startsWith(root.resolve("bin"))) continue;
                s.append('/').append(root.relativize(p));
                if (Files.isSymbolicLink(p)) s.append(" -> ").append(Files.readSymbolicLink(p));
                else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) s.append(": ").append(Files.readString(p).strip());
                s.append('\n');
            }
        }
        return s.toString();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = RootDifferentialTest.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("missing test resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
