package ukcf.testdrivers;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import ukcf.cli.UkcfLauncher;

/**
 * Runs our own i386 test programs ({@code test-drivers/programs/*.c}, built by {@code build-programs.sh}) natively
 * and under {@code ukcf run} for every line of {@code programs.tsv} and compares stdout, stderr and the exit status
 * byte for byte. Each run gets a fresh, empty working directory; standard input is the line's fixture from
 * {@code stdin/} or empty.
 *
 * <p>The programs are rebuilt first when their sources changed. Without the i686 cross compiler (the build script
 * exits 2) the suite is skipped with the reason printed. On a host that does not run i386 code itself the reference
 * runs are made inside Debian's 686 kernel instead ({@link ReferenceKernelRuns}).
 */
class ProgramDifferentialTest {
    private static final String RESOURCES = "/ukcf/testdrivers/";
    private static final long TIMEOUT_SECONDS = 240;
    private static final int PARALLEL_RUNS = 2;
    private static final int CROSS_COMPILER_MISSING = 2;
    /** The programs.tsv marker of a case that only a native run can answer (see the file's header). */
    private static final String NATIVE_ONLY = "native-only";

    @TempDir
    Path scratch;

    /** One line of programs.tsv: the program, its arguments and the stdin fixture (null: empty input). */
    private record Case(String program, List<String> arguments, String stdin, boolean nativeOnly) {
        String name() {
            return String.join(" ", program, String.join(" ", arguments)).trim() + (stdin == null ? "" : " <" + stdin);
        }
    }

    /** What one run produced. */
    private record Outcome(int exitStatus, String stdout, String stderr) { }

    @TestFactory
    Stream<DynamicTest> programsMatchNativeRun() throws Exception {
        Path root = Path.of(System.getProperty("ukcf.root", ".."));
        Path programs = buildPrograms(root);
        List<Case> cases = readCases();
        Path probe = programs.resolve(cases.get(0).program());
        List<Outcome> reference = ukcf.cli.HostCapabilities.whyNotNativeI386(probe, scratch) == null ? null
                : inReferenceKernel(cases, programs);

        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_RUNS);
        try {
            List<Future<Outcome[]>> outcomes = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                Path program = programs.resolve(c.program());
                if (!Files.isExecutable(program)) throw new IOException("programs.tsv names " + c.program() + ", which build-programs.sh did not build");
                Outcome known = reference == null ? null : reference.get(i);
                outcomes.add(pool.submit(() -> {
                    List<String> nativeArgv = new ArrayList<>(List.of(program.toString()));
                    nativeArgv.addAll(c.arguments());
                    Outcome expected = known != null ? known : run(nativeArgv, c.stdin());
                    return new Outcome[] {expected, run(UkcfLauncher.run(program, c.arguments()), c.stdin())};
                }));
            }
            List<DynamicTest> tests = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                Outcome expected = outcomes.get(i).get()[0], actual = outcomes.get(i).get()[1];
                if (reference != null && cases.get(i).nativeOnly()) {
                    tests.add(DynamicTest.dynamicTest(cases.get(i).name(), () -> Assumptions.assumeTrue(false,
                            "native-only case: this host does not run i386 programs natively")));
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(cases.get(i).name(), () -> assertAll(
                        () -> assertEquals(expected.stdout(), actual.stdout(), "stdout"),
                        () -> assertEquals(expected.stderr(), actual.stderr(), "stderr"),
                        () -> assertEquals(expected.exitStatus(), actual.exitStatus(), "exit status"))));
            }
            return tests.stream();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs build-programs.sh (it rebuilds only stale programs); answers the directory holding the programs. */
    private Path buildPrograms(Path root) throws Exception {
        Path script = root.resolve("test-drivers/build-programs.sh");
        Path log = Files.createTempFile(scratch, "build", ".log");
        Process build = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!build.waitFor(600, TimeUnit.SECONDS)) {
            build.destroyForcibly();
            throw new IOException(script + " did not finish within 10 minutes");
        }
        String output = Files.readString(log).trim();
        skipUnless(build.exitValue() != CROSS_COMPILER_MISSING, output);
        if (build.exitValue() != 0) throw new IOException(script + " failed:\n" + output);
        return root.resolve("test-drivers/target/programs");
    }

    /** Every case run inside Debian's 686 kernel (one boot), the reference when this host cannot run them. */
    private List<Outcome> inReferenceKernel(List<Case> cases, Path programs) throws Exception {
        System.err.println("ProgramDifferentialTest: this host does not run i386 programs natively; the reference is"
                + " Debian's 686 kernel under qemu-system-i386");
        List<ReferenceKernelRuns.Run> runs = new ArrayList<>();
        for (Case c : cases) {
            Path input = null;
            if (c.stdin() != null) {
                input = scratch.resolve("stdin-" + c.stdin());
                Files.writeString(input, resource("stdin/" + c.stdin()), StandardCharsets.ISO_8859_1);
            }
            runs.add(new ReferenceKernelRuns.Run(programs.resolve(c.program()), c.arguments(), input));
        }
        List<ReferenceKernelRuns.Result> results;
        try {
            results = ReferenceKernelRuns.run(runs, Files.createDirectories(scratch.resolve("reference")));
        } catch (ReferenceKernelRuns.Unavailable e) {
            skipUnless(false, "this host does not run i386 programs and the reference kernel is unavailable: "
                    + e.getMessage());
            throw e;
        }
        return results.stream().map(r -> new Outcome(r.status(), r.stdout(), r.stderr())).toList();
    }

    private static void skipUnless(boolean condition, String reason) {
        if (!condition) System.err.println("ProgramDifferentialTest skipped: " + reason);
        Assumptions.assumeTrue(condition, reason);
    }

    /**
     * One case per line: the program name, then tab-separated arguments; a last field {@code <FILE} names a stdin
     * fixture under {@code stdin/}. Blank lines and lines starting with # are ignored.
     */
    private static List<Case> readCases() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String line : resource("programs.tsv").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            List<String> fields = new ArrayList<>(Arrays.asList(line.split("\t", -1)));
            String stdin = null;
            if (fields.size() > 1 && fields.get(fields.size() - 1).startsWith("<")) {
                stdin = fields.remove(fields.size() - 1).substring(1);
                resource("stdin/" + stdin); // fails early, naming the missing fixture
            }
            boolean nativeOnly = fields.get(0).equals(NATIVE_ONLY);
            if (nativeOnly) fields.remove(0);
            cases.add(new Case(fields.get(0), List.copyOf(fields.subList(1, fields.size())), stdin, nativeOnly));
        }
        if (cases.isEmpty()) throw new IOException("programs.tsv lists no program");
        return cases;
    }

    /** Runs {@code argv} in a fresh empty directory with {@code stdin} (a fixture name, or null for no input). */
    private Outcome run(List<String> argv, String stdin) throws Exception {
        Path directory = Files.createTempDirectory(scratch, "run");
        Path input = Files.createTempFile(scratch, "stdin", "");
        if (stdin != null) Files.writeString(input, resource("stdin/" + stdin), StandardCharsets.ISO_8859_1);
        Path stdout = Files.createTempFile(scratch, "stdout", ""), stderr = Files.createTempFile(scratch, "stderr", "");
        Process process = new ProcessBuilder(argv).directory(directory.toFile()).redirectInput(input.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            return new Outcome(-1, Files.readString(stdout, StandardCharsets.ISO_8859_1),
                    "timed out after " + TIMEOUT_SECONDS + " s");
        }
        return new Outcome(process.exitValue(), Files.readString(stdout, StandardCharsets.ISO_8859_1),
                Files.readString(stderr, StandardCharsets.ISO_8859_1));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ProgramDifferentialTest.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) throw new IOException("missing test resource " + RESOURCES + name);
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
