package ukcf.user.busybox;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import ukcf.cli.UkcfLauncher;

/**
 * Runs Debian's busybox-static:i386 natively and under {@code ukcf run} for every command line of
 * {@code commands.tsv} and compares stdout, stderr, the exit status and what the command left in its working
 * directory (names, types, permissions, contents, link targets). Both runs of a command use the same directory
 * path, filled afresh with the fixture files before each, and {@code fixtures/stdin.txt} as standard input.
 *
 * <p>Needs the busybox that {@code test-drivers/fetch-debian.sh busybox} puts under {@code .cache} and a host
 * that runs i386 code; without them the suite is skipped with the reason printed.
 */
class BusyboxDifferentialTest {
    private static final String RESOURCES = "/ukcf/user/busybox/";
    private static final List<String> FIXTURES = List.of("fruits.txt", "fields.txt", "numbers.txt", "stdin.txt");
    private static final long TIMEOUT_SECONDS = 60;
    private static final int PARALLEL_RUNS = 2;
    private static final java.nio.file.attribute.FileTime FIXTURE_TIME =
            java.nio.file.attribute.FileTime.from(java.time.Instant.parse("2024-01-02T03:04:05Z"));

    @TempDir
    Path scratch;

    /** What one run produced. */
    private record Outcome(int exitStatus, String stdout, String stderr, String directory) { }

    @TestFactory
    Stream<DynamicTest> busyboxMatchesNativeRun() throws Exception {
        Path busybox = Path.of(System.getProperty("ukcf.root", "."), ".cache/debian/busybox/bin/busybox");
        skipUnless(Files.isRegularFile(busybox), busybox + " is absent (run test-drivers/fetch-debian.sh busybox)");
        List<List<String>> commands = readCommands();
        skipUnless(runNatively(busybox, List.of("true"), fill(Files.createTempDirectory(scratch, "probe"))).exitStatus() == 0, "this host cannot run i386 programs");

        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_RUNS);
        try {
            List<Future<Outcome[]>> outcomes = new ArrayList<>();
            for (List<String> command : commands) {
                Path directory = Files.createTempDirectory(scratch, "run");
                outcomes.add(pool.submit(() -> {
                    fill(directory);
                    Outcome expected = runNatively(busybox, command, directory);
                    fill(directory);
                    return new Outcome[] {expected, runUnderUkcf(busybox, command, directory)};
                }));
            }
            List<DynamicTest> tests = new ArrayList<>();
            for (int i = 0; i < commands.size(); i++) {
                Outcome expected = outcomes.get(i).get()[0], actual = outcomes.get(i).get()[1];
                String name = String.join(" ", commands.get(i));
                tests.add(DynamicTest.dynamicTest(name, () -> assertAll(
                        () -> assertEquals(expected.stdout(), actual.stdout(), "stdout"),
                        () -> assertEquals(expected.stderr(), actual.stderr(), "stderr"),
                        () -> assertEquals(expected.exitStatus(), actual.exitStatus(), "exit status"),
                        () -> assertEquals(expected.directory(), actual.directory(), "working directory afterwards"))));
            }
            return tests.stream();
        } finally {
            pool.shutdownNow();
        }
    }

    private static void skipUnless(boolean condition, String reason) {
        if (!condition) System.err.println("BusyboxDifferentialTest skipped: " + reason);
        Assumptions.assumeTrue(condition, reason);
    }

    /** One command per line, arguments separated by tabs (so an argument may hold spaces); # starts a comment. */
    private static List<List<String>> readCommands() throws IOException {
        List<List<String>> commands = new ArrayList<>();
        for (String line : resource("commands.tsv").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            commands.add(Arrays.asList(line.split("\t", -1)));
        }
        return commands;
    }

    /** Empties {@code directory} and copies the fixtures into it. */
    private static Path fill(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) if (!p.equals(directory)) Files.delete(p);
        }
        for (String fixture : FIXTURES) {
            Path file = Files.writeString(directory.resolve(fixture), resource("fixtures/" + fixture));
            Files.setLastModifiedTime(file, FIXTURE_TIME); // listings must not depend on the minute a run starts
        }
        return directory;
    }

    /** One line per entry below {@code directory}, sorted: path, type, permission bits, size and content or target. */
    private static String snapshot(Path directory) throws IOException {
        StringBuilder s = new StringBuilder();
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path p : walk.sorted().toList()) {
                if (p.equals(directory)) continue;
                s.append(directory.relativize(p)).append(' ');
                int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                s.append(Integer.toOctalString(mode)).append(' ');
                if (Files.isSymbolicLink(p)) {
                    s.append("-> ").append(Files.readSymbolicLink(p));
                } else if (Files.isRegularFile(p)) {
                    s.append(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                }
                s.append('\n');
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return s.toString();
    }

    private Outcome runNatively(Path busybox, List<String> command, Path directory) throws Exception {
        List<String> argv = new ArrayList<>();
        argv.add(busybox.toString());
        argv.addAll(command);
        return run(argv, directory);
    }

    private Outcome runUnderUkcf(Path busybox, List<String> command, Path directory) throws Exception {
        return run(UkcfLauncher.run(busybox, command), directory);
    }

    private Outcome run(List<String> argv, Path directory) throws Exception {
        Path stdout = Files.createTempFile(scratch, "stdout", ""), stderr = Files.createTempFile(scratch, "stderr", "");
        Process process = new ProcessBuilder(argv).directory(directory.toFile())
                .redirectInput(directory.resolve("stdin.txt").toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Outcome(-1, "", "timed out after " + TIMEOUT_SECONDS + " s", "");
        }
        return new Outcome(process.exitValue(), Files.readString(stdout, StandardCharsets.ISO_8859_1),
                Files.readString(stderr, StandardCharsets.ISO_8859_1), snapshot(directory));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = BusyboxDifferentialTest.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) throw new IOException("missing test resource " + RESOURCES + name + File.separator);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
