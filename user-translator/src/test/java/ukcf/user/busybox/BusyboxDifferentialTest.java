package ukcf.user.busybox;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

/**
 * Runs Debian's busybox-static:i386 natively and under {@code ukcf run} for every command line of
 * {@code commands.tsv} and compares stdout, stderr and the exit status byte for byte. Each run gets its own copy
 * of the fixture files as working directory and {@code fixtures/stdin.txt} as standard input.
 *
 * <p>Needs the busybox that {@code test-drivers/fetch-debian.sh busybox} puts under {@code .cache} and a host
 * that runs i386 code; without them the suite is skipped with the reason printed.
 */
class BusyboxDifferentialTest {
    private static final String RESOURCES = "/ukcf/user/busybox/";
    private static final List<String> FIXTURES = List.of("fruits.txt", "fields.txt", "numbers.txt", "stdin.txt");
    private static final long TIMEOUT_SECONDS = 60;
    private static final int PARALLEL_RUNS = 2;

    @TempDir
    Path scratch;

    /** What one run produced. */
    private record Outcome(int exitStatus, String stdout, String stderr) { }

    @TestFactory
    Stream<DynamicTest> busyboxMatchesNativeRun() throws Exception {
        Path busybox = Path.of(System.getProperty("ukcf.root", "."), ".cache/debian/busybox/bin/busybox");
        skipUnless(Files.isRegularFile(busybox), busybox + " is absent (run test-drivers/fetch-debian.sh busybox)");
        List<List<String>> commands = readCommands();
        skipUnless(runNatively(busybox, List.of("true"), workingDirectory()).exitStatus() == 0, "this host cannot run i386 programs");

        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_RUNS);
        try {
            List<Future<Outcome>> natives = new ArrayList<>(), translated = new ArrayList<>();
            for (List<String> command : commands) {
                Path directory = workingDirectory();
                natives.add(pool.submit(() -> runNatively(busybox, command, directory)));
                translated.add(pool.submit(() -> runUnderUkcf(busybox, command, directory)));
            }
            List<DynamicTest> tests = new ArrayList<>();
            for (int i = 0; i < commands.size(); i++) {
                Outcome expected = natives.get(i).get(), actual = translated.get(i).get();
                String name = String.join(" ", commands.get(i));
                tests.add(DynamicTest.dynamicTest(name, () -> assertAll(
                        () -> assertEquals(expected.stdout(), actual.stdout(), "stdout"),
                        () -> assertEquals(expected.stderr(), actual.stderr(), "stderr"),
                        () -> assertEquals(expected.exitStatus(), actual.exitStatus(), "exit status"))));
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

    /**
     * A fresh copy of the fixtures, shared by the native and the translated run of one command so that paths in
     * the output agree (the commands do not write files).
     */
    private Path workingDirectory() throws IOException {
        Path directory = Files.createTempDirectory(scratch, "run");
        for (String fixture : FIXTURES) Files.writeString(directory.resolve(fixture), resource("fixtures/" + fixture));
        return directory;
    }

    private Outcome runNatively(Path busybox, List<String> command, Path directory) throws Exception {
        List<String> argv = new ArrayList<>();
        argv.add(busybox.toString());
        argv.addAll(command);
        return run(argv, directory);
    }

    private Outcome runUnderUkcf(Path busybox, List<String> command, Path directory) throws Exception {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.add("-XX:TieredStopAtLevel=1"); // short runs: C1 only and the serial collector start fastest
        argv.add("-XX:+UseSerialGC");
        argv.add("-cp");
        argv.add(System.getProperty("java.class.path"));
        argv.add("ukcf.cli.Main");
        argv.add("run");
        argv.add("--");
        argv.add(busybox.toString());
        argv.addAll(command);
        return run(argv, directory);
    }

    private Outcome run(List<String> argv, Path directory) throws Exception {
        Path stdout = Files.createTempFile(scratch, "stdout", ""), stderr = Files.createTempFile(scratch, "stderr", "");
        Process process = new ProcessBuilder(argv).directory(directory.toFile())
                .redirectInput(directory.resolve("stdin.txt").toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Outcome(-1, "", "timed out after " + TIMEOUT_SECONDS + " s");
        }
        return new Outcome(process.exitValue(), Files.readString(stdout, StandardCharsets.ISO_8859_1),
                Files.readString(stderr, StandardCharsets.ISO_8859_1));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = BusyboxDifferentialTest.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) throw new IOException("missing test resource " + RESOURCES + name + File.separator);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
