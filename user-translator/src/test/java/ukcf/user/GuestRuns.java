package ukcf.user;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Running programs for differential tests: natively, under {@code ukcf run} in a fresh JVM (as a user runs it),
 * and building our i386 test programs from {@code test-drivers/programs} with the cross compiler.
 */
public final class GuestRuns {
    private static final long TIMEOUT_SECONDS = 120;

    /** What one run produced. */
    public record Outcome(int status, String stdout, String stderr) {
        @Override
        public String toString() { return "status " + status + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr; }
    }

    private GuestRuns() { }

    /** The project's checkout (the tests run with it as a system property). */
    public static Path projectRoot() { return Path.of(System.getProperty("ukcf.root", ".")).toAbsolutePath(); }

    /** Skips the calling test, with the reason printed, unless {@code condition} holds. */
    public static void skipUnless(boolean condition, String reason) {
        if (!condition) System.err.println("skipped: " + reason);
        Assumptions.assumeTrue(condition, reason);
    }

    /**
     * Compiles {@code test-drivers/programs/NAME.c} with i686-linux-gnu-gcc -O2 and {@code flags} into
     * {@code directory}; skips the test when the cross compiler is absent.
     */
    public static Path compile(String name, Path directory, String... flags) throws Exception {
        Path source = projectRoot().resolve("test-drivers/programs/" + name + ".c");
        Path output = directory.resolve(Path.of(name).getFileName().toString());
        List<String> command = new ArrayList<>(List.of("i686-linux-gnu-gcc", "-O2"));
        command.addAll(List.of(flags));
        command.addAll(List.of("-o", output.toString(), source.toString()));
        Outcome built;
        try {
            built = run(command, directory, null);
        } catch (IOException noCompiler) {
            skipUnless(false, "i686-linux-gnu-gcc is not installed (scripts/install-test-deps.sh installs it)");
            throw noCompiler;
        }
        if (built.status() != 0) throw new AssertionError("cannot build " + source + ":\n" + built.stderr());
        return output;
    }

    /** {@code ukcf run UKCF_ARGUMENTS} in a new JVM with this test's class path. */
    public static Outcome ukcf(List<String> ukcfArguments, Path directory, Path stdin) throws Exception {
        return run(ukcf.cli.UkcfLauncher.run(ukcfArguments), directory, stdin);
    }

    /** Runs a host command to its end (bounded), standard input from {@code stdin} or empty. */
    public static Outcome run(List<String> argv, Path directory, Path stdin) throws Exception {
        Path out = Files.createTempFile("guest-run", ".out"), err = Files.createTempFile("guest-run", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(argv).directory(directory.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            if (stdin != null) builder.redirectInput(stdin.toFile());
            else builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Outcome(-1, "", "timed out after " + TIMEOUT_SECONDS + " s");
            }
            return new Outcome(process.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                    Files.readString(err, StandardCharsets.ISO_8859_1));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
