package ukcf.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import ukcf.user.elf.ElfFormatException;
import ukcf.user.process.GuestProcess;

/**
 * {@code ukcf run [--strace] -- PROGRAM ARGS...}: runs an i386 Linux program as qemu-i386 does. The exit status is
 * the guest's; a guest killed by a fault exits with 128 + the signal after a one-line report.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run an i386 Linux program (static executables for now) on the guest CPU.")
final class RunCommand implements Callable<Integer> {
    /** What a shell answers for a program it cannot find or cannot execute. */
    private static final int EXIT_NO_PROGRAM = 127, EXIT_NOT_LOADABLE = 126;

    @Option(names = "--strace", description = "Print each guest system call with its arguments and result to stderr.")
    boolean strace;

    @Parameters(index = "0", paramLabel = "PROGRAM", description = "The i386 ELF executable to run.")
    String program;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Its arguments (argv[1]...).")
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        Path executable = Path.of(program);
        if (!Files.isRegularFile(executable)) {
            err.println("ukcf: " + program + ": no such file");
            return EXIT_NO_PROGRAM;
        }
        List<String> argv = new ArrayList<>();
        argv.add(program);
        argv.addAll(arguments);
        List<String> environment = hostEnvironment();
        GuestProcess process;
        try {
            process = GuestProcess.start(executable, program, argv, environment);
        } catch (ElfFormatException e) {
            err.println("ukcf: " + program + ": " + e.getMessage());
            return EXIT_NOT_LOADABLE;
        }
        return process.run(strace ? err : null, err);
    }

    /**
     * The environment in the order the JVM received it (/proc/self/environ on Linux), so that the guest's
     * {@code env} prints what a native run prints; elsewhere Java's unordered view.
     */
    private static List<String> hostEnvironment() {
        List<String> environment = new ArrayList<>();
        try {
            String all = new String(Files.readAllBytes(Path.of("/proc/self/environ")), StandardCharsets.UTF_8);
            for (String entry : all.split("\0")) if (!entry.isEmpty()) environment.add(entry);
            return environment;
        } catch (IOException | RuntimeException notLinux) {
            for (Map.Entry<String, String> e : System.getenv().entrySet()) environment.add(e.getKey() + "=" + e.getValue());
            return environment;
        }
    }
}
