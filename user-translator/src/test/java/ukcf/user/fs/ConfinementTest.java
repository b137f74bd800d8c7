package ukcf.user.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import ukcf.user.GuestRuns;
import ukcf.user.GuestRuns.Outcome;

/**
 * Every route of {@code confinement.tsv} out of a --root, tried by a static i386 probe (confine.c) in a fresh
 * root with a secret file just outside it and a bind mount: each must end in ENOENT, ENOTDIR, ELOOP or the root's
 * own decoy, never the secret; afterwards nothing outside the root has changed.
 */
class ConfinementTest {
    private static final String DECOY = "decoy inside the root", SECRET = "SECRET outside";

    @TempDir
    Path temporary;

    @TestFactory
    Stream<DynamicTest> noRouteLeavesTheRoot() throws Exception {
        Path probe = GuestRuns.compile("confine", temporary, "-static");
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : resource("confinement.tsv").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t", -1);
            tests.add(DynamicTest.dynamicTest(f[0], () -> check(probe, f[0], f[1], f[2])));
        }
        return tests.stream();
    }

    private void check(Path probe, String name, String steps, String expected) throws Exception {
        Path base = Files.createDirectory(temporary.resolve(name));
        Path root = layOut(base, probe);
        String outsideBefore = outside(base);
        List<String> command = new ArrayList<>(List.of("--root", root.toString(), "--bind", base.resolve("bound") + ":/mnt",
                "--", root.resolve("bin/confine").toString()));
        for (String step : steps.split(" ; ")) command.add(step.replace("@TMP@", base.toString()));
        Outcome run = GuestRuns.ukcf(command, base, null);
        String wanted = expected.isEmpty() ? "" : String.join("\n", expected.replace("@TMP@", base.toString())
                .replace("@PROC1@", procOneAnswer()).split(" \\| ")) + "\n";
        assertEquals(wanted, run.stdout(), run.toString());
        assertEquals(outsideBefore, outside(base), "the host outside the root changed");
    }

    /** The root and what lies around it. */
    private static Path layOut(Path base, Path probe) throws IOException {
        Path root = base.resolve("root");
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("mnt"));
        Files.copy(probe, root.resolve("bin/confine"));
        Files.writeString(root.resolve("secret.txt"), DECOY + "\n");
        Files.writeString(root.resolve("etc/motd"), "in-root motd\n");
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../../.."));
        Files.createSymbolicLink(root.resolve("chain"), Path.of("up"));
        Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
        Files.createSymbolicLink(root.resolve("host-path"), base.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("host-program"), base.resolve("outside-program"));
        Files.writeString(base.resolve("secret.txt"), SECRET + "\n");
        Files.copy(probe, base.resolve("outside-program"));
        Files.createDirectories(base.resolve("bound"));
        Files.writeString(base.resolve("bound/inbind.txt"), "bound file\n");
        Files.createSymbolicLink(base.resolve("bound/escape"), Path.of("../.."));
        return root;
    }

    /** Names and contents of everything outside the root, to compare before and after. */
    private static String outside(Path base) throws IOException {
        TreeSet<String> entries = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(base)) {
            for (Path p : walk.toList()) {
                if (p.startsWith(base.resolve("root"))) continue;
                String content = Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) && Files.size(p) < 4096
                        ? Files.readString(p) : "";
                entries.add(base.relativize(p) + " " + content);
            }
        }
        return String.join("\n", entries);
    }

    /** /proc/1/root leads to the guest root when the host lets us read the link (root), else EACCES. */
    private static String procOneAnswer() {
        try {
            Files.readSymbolicLink(Path.of("/proc/1/root"));
            return DECOY;
        } catch (IOException | UnsupportedOperationException e) {
            return "EACCES";
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ConfinementTest.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("missing test resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
