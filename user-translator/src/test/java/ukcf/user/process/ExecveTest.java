package ukcf.user.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
 * execve's binary formats, from {@code execve.tsv}: #! scripts (nested, with an argument, run directly by
 * {@code ukcf run}) compared with native runs; files that are not i386 programs fail with ENOEXEC and a one-line
 * warning, interpreter loops with ELOOP, missing interpreters with ENOENT.
 */
class ExecveTest {
    @TempDir
    Path temporary;

    @TestFactory
    Stream<DynamicTest> scriptsAndForeignFiles() throws Exception {
        Path busybox = GuestRuns.projectRoot().resolve(".cache/debian/busybox/bin/busybox");
        GuestRuns.skipUnless(Files.isRegularFile(busybox), busybox + " is absent (run test-drivers/fetch-debian.sh busybox)");
        Path probe = GuestRuns.compile("confine", temporary, "-static");
        Path dir = Files.createDirectory(temporary.resolve("scripts"));
        String b = busybox.toString(), t = dir.toString();
        file(dir, "hello.sh", "rwxr-xr-x", "#!" + b + " sh\necho \"hello from $0 with $# args: $*\"\n");
        file(dir, "dash-e.sh", "rwxr-xr-x", "#!" + b + " sh -e\necho \"$0 $*\"; false; echo unreachable\n");
        file(dir, "nested.sh", "rwxr-xr-x", "#!" + t + "/hello.sh from-nested\n");
        file(dir, "noexec.sh", "rw-r--r--", "#!" + b + " sh\necho no\n");
        file(dir, "junk.txt", "rwxr-xr-x", "this is not a program\n");
        file(dir, "missing-interp.sh", "rwxr-xr-x", "#!/no/such/interpreter\n");
        file(dir, "loop.sh", "rwxr-xr-x", "#!" + t + "/loop.sh\n");
        file(dir, "empty-interp", "rwxr-xr-x", "#!");
        Files.createDirectory(dir.resolve("dir"));

        List<DynamicTest> tests = new ArrayList<>();
        for (String line : resource("execve.tsv").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.replace("@BUSYBOX@", b).replace("@TMP@", t).split("\t", -1);
            if (f[0].equals("native")) {
                List<String> argv = Arrays.asList(f).subList(1, f.length);
                tests.add(DynamicTest.dynamicTest(String.join(" ", argv), () -> {
                    Outcome expected = GuestRuns.run(argv, dir, null);
                    List<String> command = new ArrayList<>(List.of("--"));
                    command.addAll(argv);
                    assertEquals(expected.toString(), GuestRuns.ukcf(command, dir, null).toString());
                }));
            } else {
                tests.add(DynamicTest.dynamicTest(f[1], () -> {
                    List<String> command = new ArrayList<>(List.of("--", probe.toString()));
                    command.addAll(Arrays.asList(f[2].split(" ; ")));
                    Outcome run = GuestRuns.ukcf(command, dir, null);
                    assertEquals(lines(f[3]), run.stdout(), run.toString());
                    assertEquals(lines(f[4]), run.stderr(), run.toString());
                }));
            }
        }
        return tests.stream();
    }

    private static String lines(String joined) {
        return joined.isEmpty() ? "" : String.join("\n", joined.split(" \\| ")) + "\n";
    }

    private static void file(Path dir, String name, String mode, String content) throws IOException {
        Path file = Files.writeString(dir.resolve(name), content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ExecveTest.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("missing test resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
