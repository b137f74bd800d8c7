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
import ukcf.user.fs.MountTable;
import ukcf.user.process.ExecFailure;
import ukcf.user.process.GuestProcess;
import ukcf.user.syscall.Errno;

/**
 * {@code ukcf run [--strace] [--root DIR [--bind HOST:GUEST]...] -- PROGRAM ARGS...}: runs an i386 Linux program
 * as qemu-i386 does (with {@code --root} as its {@code -L}, but confining the guest to DIR). PROGRAM is a host
 * path; its interpreters and every path the guest uses are guest paths. The exit status is the guest's; a guest
 * killed by a fault exits with 128 + the signal after a one-line report.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run an i386 Linux program (static or dynamically linked ELF, or a #! script) on the guest CPU.")
final class RunCommand implements Callable<Integer> {
    /** What a shell answers for a program it cannot find or cannot execute. */
    private static final int EXIT_NO_PROGRAM = 127, EXIT_NOT_LOADABLE = 126, EXIT_USAGE = 2;
    private static final long HEAP_LOG_PERIOD_MILLIS = 200;

    @Option(names = "--strace", description = "Print each guest system call with its arguments and result to stderr.")
    boolean strace;

    @Option(names = "--engine", description = "How guest code runs: dbt (translated to JVM bytecode) or interp (the reference interpreter). Default: ${DEFAULT-VALUE}.")
    String engine = ukcf.cpu.exec.Engines.DEFAULT;

    @Option(names = "--stats-file", paramLabel = "FILE", description = "Write the run's counters (guest instructions executed, translation figures) as JSON to FILE.")
    Path statsFile;

    @Option(names = "--max-instructions", paramLabel = "N", description = "Stop the guest (status 0) once it has executed N instructions: measures a rate on a long program's first N instructions.")
    long maxInstructions = Long.MAX_VALUE;

    @Option(names = "--heap-log", paramLabel = "FILE", description = "Every 200 ms, collect garbage and append the live heap (bytes) and the guest instructions so far to FILE: shows whether a long run's heap stays flat (ukcf bench --heap).")
    Path heapLog;

    @Option(names = "--trace", paramLabel = "FILE", description = "Record every driver shell entry and exit and every call a driver makes into the host kernel: readable text in FILE, JSON lines in FILE.jsonl (summarize with ukcf trace FILE).")
    Path traceFile;

    @Option(names = "--stats", description = "At exit, print to stderr the guest instructions each origin executed (the "
            + "application, each driver with its calls, failures and time) and the calls drivers made into the host kernel.")
    boolean stats;

    @Option(names = "--pci", paramLabel = "MACHINE", description = "Give the host kernel the PCI functions of MACHINE "
            + "(qemu-pc: QEMU's i386 pc machine as Linux sees it, identity and configuration header only), for PCI "
            + "drivers to probe.")
    String pciMachine;

    @Option(names = "--module", paramLabel = "FILE.ko[:PARAMS]", description = "Load the kernel module FILE.ko into the "
            + "host kernel before the program starts, as insmod FILE.ko PARAMS would (PARAMS: name=value pairs separated by "
            + "spaces); repeatable, loaded in the order given. A module the kernel refuses stops the run (status 2).")
    List<String> modules = new ArrayList<>();

    @Option(names = "--root", paramLabel = "DIR", description = "The guest's root filesystem: the guest sees only "
            + "DIR (plus the host's /proc and /dev when DIR has none, and --bind mounts); PT_INTERP is loaded from it.")
    Path root;

    @Option(names = "--bind", paramLabel = "HOST:GUEST", description = "Show the host file or directory HOST at the "
            + "absolute guest path GUEST (with --root).")
    List<String> binds = new ArrayList<>();

    @Parameters(index = "0", paramLabel = "PROGRAM", description = "The i386 ELF executable or #! script to run (a host path).")
    String program;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Its arguments (argv[1]...).")
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (!ukcf.cpu.exec.Engines.exists(engine)) {
            throw new IllegalArgumentException("unknown engine " + engine + " (" + String.join(", ", ukcf.cpu.exec.Engines.NAMES) + ")");
        }
        System.setProperty("ukcf.engine", engine);
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
        MountTable mounts;
        try {
            mounts = mountTable();
        } catch (IllegalArgumentException e) {
            err.println("ukcf: " + e.getMessage());
            return EXIT_USAGE;
        }
        GuestProcess process;
        try {
            process = GuestProcess.start(mounts, executable, program, argv, environment);
        } catch (ExecFailure e) {
            err.println("ukcf: " + e.getMessage());
            return e.errno() == Errno.ENOENT ? EXIT_NO_PROGRAM : EXIT_NOT_LOADABLE;
        }
        process.processes().setInstructionLimit(maxInstructions);
        ukcf.shells.trace.TraceFileWriter trace = null;
        ukcf.shells.trace.TraceSummary origins = stats ? new ukcf.shells.trace.TraceSummary() : null;
        if (traceFile != null) trace = new ukcf.shells.trace.TraceFileWriter(traceFile);
        if (trace != null && origins != null) {
            process.processes().kernel().setTracer(ukcf.shells.trace.Tracer.both(trace, origins.tracer()));
        } else if (trace != null || origins != null) {
            process.processes().kernel().setTracer(trace != null ? trace : origins.tracer());
        }
        if (pciMachine != null) {
            try {
                process.processes().kernel().modules().pciBus().addFunctions(ukcf.kernel.bus.PciBus.machine(pciMachine));
            } catch (IllegalArgumentException unknown) {
                err.println("ukcf: --pci: " + unknown.getMessage());
                return EXIT_USAGE;
            }
        }
        if (!preloadModules(process, err)) return EXIT_USAGE;
        long start = System.nanoTime();
        ukcf.bench.HeapLog heap = heapLog == null ? null
                : new ukcf.bench.HeapLog(heapLog, HEAP_LOG_PERIOD_MILLIS, process.processes()::executedInstructions);
        int status = process.run(strace ? err : null, err);
        if (heap != null) heap.close();
        if (trace != null) trace.close();
        if (origins != null) err.print(originStatistics(process.processes().executedInstructions(), origins));
        if (statsFile != null) {
            Map<String, Long> counters = new java.util.LinkedHashMap<>();
            counters.put(RunStats.GUEST_INSTRUCTIONS, process.processes().executedInstructions());
            counters.put(RunStats.WALL_NANOS, System.nanoTime() - start);
            counters.putAll(process.processes().engineStatistics());
            counters.put(RunStats.STOPPED_AT_LIMIT, process.processes().instructionLimitReached() ? 1L : 0L);
            RunStats.write(statsFile, engine, counters);
        }
        return status;
    }

    /** --stats: guest instructions per origin, then each driver entry point with the host calls it made. */
    static String originStatistics(long application, ukcf.shells.trace.TraceSummary drivers) {
        StringBuilder out = new StringBuilder("ukcf: guest instructions by origin\n");
        out.append(String.format("  %-32s %14d%n", "application", application));
        drivers.byDriver().forEach((driver, f) -> out.append(String.format(
                "  %-32s %14d   %d calls, %d failed, %d us%n", "driver " + driver, f[3], f[0], f[1], f[2] / 1000)));
        long[] host = drivers.hostCalls();
        out.append(String.format("  %-32s %14s   %d calls, %d us (run natively)%n", "host kernel", "-", host[0], host[1] / 1000));
        if (!drivers.entries().isEmpty()) out.append(drivers.render().indent(2));
        return out.toString();
    }

    /**
     * --module: each module loaded as init_module would, outside any process (its init's copies from user space
     * fault); false, with the refusal on {@code err}, when one is refused or unreadable.
     */
    private boolean preloadModules(GuestProcess process, PrintStream err) {
        for (String module : modules) {
            int split = module.indexOf(".ko:");
            String file = split < 0 ? module : module.substring(0, split + 3);
            String parameters = split < 0 ? "" : module.substring(split + 4);
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(Path.of(file));
            } catch (IOException | RuntimeException e) {
                err.println("ukcf: --module " + file + ": cannot read it (" + e.getMessage() + ")");
                return false;
            }
            try {
                var result = process.processes().kernel().modules().load(null, Path.of(file).getFileName().toString(), bytes, parameters);
                for (String warning : result.warnings()) process.processes().kernel().modules().kernelLog("\0014" + warning);
            } catch (ukcf.kernel.module.ModuleLoadException refused) {
                err.println("ukcf: --module " + file + ": " + refused.getMessage());
                return false;
            }
        }
        return true;
    }

    private MountTable mountTable() {
        if (root == null) {
            if (!binds.isEmpty()) throw new IllegalArgumentException("--bind needs --root");
            return MountTable.hostView();
        }
        List<String[]> pairs = new ArrayList<>();
        for (String bind : binds) {
            int colon = bind.lastIndexOf(':');
            if (colon <= 0 || colon == bind.length() - 1) {
                throw new IllegalArgumentException("--bind " + bind + ": expected HOST:GUEST");
            }
            pairs.add(new String[] {bind.substring(0, colon), bind.substring(colon + 1)});
        }
        return MountTable.confined(root, pairs);
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
