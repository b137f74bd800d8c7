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
import ukcf.bench.RunStats;
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

    @Option(names = "--engine", description = "How guest code runs: interp (the reference interpreter) or dbt (translated to JVM bytecode). Default: ${DEFAULT-VALUE}.")
    String engine = "interp";

    @Option(names = "--stats-file", paramLabel = "FILE", description = "Write the run's counters (guest instructions executed, translation figures) as JSON to FILE.")
    Path statsFile;

    @Option(names = "--max-instructions", paramLabel = "N", description = "Stop the guest (status 0) once it has executed N instructions: measures a rate on a long program's first N instructions.")
    long maxInstructions = Long.MAX_VALUE;

    @Option(names = "--trace", paramLabel = "FILE", description = "Record every driver shell entry and exit and every call a driver makes into the host kernel: readable text in FILE, JSON lines in FILE.jsonl (summarize with ukcf trace FILE).")
    Path traceFile;

    @Parameters(index = "0", paramLabel = "PROGRAM", description = "The i386 ELF executable to run.")
    String program;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Its arguments (argv[1]...).")
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (!engine.equals("interp")) throw new IllegalArgumentException("unknown engine " + engine + " (interp)");
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
        process.processes().setInstructionLimit(maxInstructions);
        ukcf.shells.trace.TraceFileWriter trace = null;
        if (traceFile != null) {
            trace = new ukcf.shells.trace.TraceFileWriter(traceFile);
            process.processes().kernel().setTracer(trace);
        }
        long start = System.nanoTime();
        int status = process.run(strace ? err : null, err);
        if (trace != null) trace.close();
        if (statsFile != null) {
            Map<String, Long> counters = new java.util.LinkedHashMap<>();
            counters.put(RunStats.GUEST_INSTRUCTIONS, process.processes().executedInstructions());
            counters.put(RunStats.WALL_NANOS, System.nanoTime() - start);
            counters.put(RunStats.STOPPED_AT_LIMIT, process.processes().instructionLimitReached() ? 1L : 0L);
            RunStats.write(statsFile, engine, counters);
        }
        return status;
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
