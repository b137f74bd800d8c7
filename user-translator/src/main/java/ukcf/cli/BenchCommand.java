package ukcf.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import ukcf.bench.BenchInputs;
import ukcf.bench.BenchReport;
import ukcf.bench.Benchmark;
import ukcf.bench.Runner;
import ukcf.bench.Workload;

/**
 * {@code ukcf bench}: builds our i386 benchmark programs, runs them and Debian busybox natively, under qemu-i386
 * and under ukcf's engines, interleaved, and prints the table of medians (also written as Markdown and CSV).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark ukcf against native i386 execution and qemu-i386 (whole-process wall times, medians).")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--runs", description = "Runs per workload and runner; the median is reported (default: ${DEFAULT-VALUE}).")
    int runs = 3;

    @Option(names = "--engines", split = ",", description = "ukcf engines to run (default: ${DEFAULT-VALUE}).")
    List<String> engines = List.of("interp", "dbt");

    @Option(names = "--rate-instructions", paramLabel = "N", description = "The interpreter runs only each workload's first N guest instructions and reports its rate (default: ${DEFAULT-VALUE}); 0 runs it to the end.")
    long rateInstructions = 30_000_000;

    @Option(names = "--only", split = ",", description = "Run only these workloads (names from workloads.tsv).")
    List<String> only = List.of();

    @Option(names = "--heap", description = "Instead of the speed table: run busybox sh through --heap-commands short commands (each a fork and exec of busybox) under ukcf-dbt with --heap-log, and print whether the live heap stays flat after warm-up.")
    boolean heap;

    @Option(names = "--heap-commands", paramLabel = "N", description = "Commands the --heap loop runs (default: ${DEFAULT-VALUE}).")
    int heapCommands = 2000;

    @Option(names = "--out", description = "Where binaries, the input file and the table go (default: target/bench under the project).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (runs < 1) throw new IllegalArgumentException("--runs must be at least 1");
        Path root = ProjectRoot.find();
        Path outDir = out != null ? out : root.resolve("target/bench");
        Path benchSources = root.resolve("test-drivers/bench");
        List<Workload> workloads = new ArrayList<>();
        for (Workload w : Workload.read(benchSources.resolve("workloads.tsv"))) {
            if (only.isEmpty() || only.contains(w.name())) workloads.add(w);
        }
        if (workloads.isEmpty()) throw new IllegalArgumentException("no workload matches --only " + only);

        Path busybox = root.resolve(".cache/debian/busybox/bin/busybox");
        if (heap) return heapTrend(busybox, Files.createDirectories(outDir));
        Map<String, Path> programs = new LinkedHashMap<>();
        for (Workload w : workloads) {
            if (w.ownProgram() != null) {
                programs.put(w.name(), BenchInputs.compile(benchSources, outDir.resolve("bin"), w.ownProgram()));
            } else {
                if (!Files.isRegularFile(busybox)) {
                    throw new IOException(busybox + " is absent: run test-drivers/fetch-debian.sh busybox");
                }
                programs.put(w.name(), busybox);
            }
        }
        Path data = BenchInputs.data(outDir);
        Path work = Files.createDirectories(outDir.resolve("work"));

        List<Runner> runners = new ArrayList<>();
        String notNative = HostCapabilities.whyNotNativeI386(programs.values().iterator().next(), work);
        if (notNative == null) {
            runners.add(new Runner.Native());
        } else {
            System.err.println("ukcf bench: " + notNative + ": no native column, no PLR");
        }
        Path qemu = HostCapabilities.onPath("qemu-i386");
        if (qemu != null) runners.add(new Runner.Qemu(qemu));
        else System.err.println("ukcf bench: qemu-i386 is not installed: no qemu column");
        String java = ProcessHandle.current().info().command().orElse("java");
        for (String engine : engines) {
            runners.add(new Runner.Ukcf(engine, java, System.getProperty("java.class.path"),
                    engine.equals("interp") ? rateInstructions : 0));
        }

        System.err.printf("ukcf bench: %d workloads x %d runners x %d runs, interleaved%n", workloads.size(),
                runners.size(), runs);
        Benchmark benchmark = new Benchmark(runners, work, System.err);
        var samples = benchmark.run(workloads, programs, data, runs);
        BenchReport report = new BenchReport(samples, runners);
        Files.writeString(outDir.resolve("bench.md"), report.markdown(), StandardCharsets.UTF_8);
        Files.writeString(outDir.resolve("bench.csv"), report.csv(), StandardCharsets.UTF_8);
        System.out.print(report.markdown());
        System.out.println();
        System.out.println("Whole-process wall times (JVM start included), median of " + runs + " interleaved runs."
                + " PLR = ukcf time / native time. IER = JVM bytecode instructions emitted per guest instruction"
                + " translated. * = rate measured inside the JVM over the first " + rateInstructions
                + " guest instructions; its PLR and qemu ratio are MIPS ratios.");
        System.out.println("Written: " + outDir.resolve("bench.md") + " and " + outDir.resolve("bench.csv"));
        if (!report.outputsAgree()) {
            System.err.println("ukcf bench: some runs printed a different output or exit status (column 'output')");
            return 1;
        }
        return 0;
    }

    /** Heap growth over a long busybox sh loop: see {@link ukcf.bench.HeapLog}. 0 if flat, 1 if it grew. */
    private int heapTrend(Path busybox, Path outDir) throws Exception {
        if (!Files.isRegularFile(busybox)) throw new IOException(busybox + " is absent: run test-drivers/fetch-debian.sh busybox");
        Path log = outDir.resolve("heap.log");
        String loop = "i=0; while [ $i -lt " + heapCommands + " ]; do " + busybox + " echo \"command $i\" >/dev/null;"
                + " i=$((i+1)); done; echo done $i";
        Runner.Ukcf dbt = new Runner.Ukcf("dbt", ProcessHandle.current().info().command().orElse("java"),
                System.getProperty("java.class.path"), 0);
        List<String> command = dbt.command(busybox, List.of("sh", "-c", loop), List.of("--heap-log", log.toString()));
        System.err.println("ukcf bench --heap: busybox sh runs " + heapCommands + " commands (fork + exec each) under ukcf-dbt");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int status = process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (status != 0 || !output.equals("done " + heapCommands)) {
            System.err.println("ukcf bench --heap: the loop failed (status " + status + "): " + output);
            return 1;
        }
        var trend = ukcf.bench.HeapLog.trend(ukcf.bench.HeapLog.read(log));
        System.out.printf("busybox sh, %d commands under ukcf-dbt in %.1f s; live heap after a full collection, %d samples:"
                + " second quarter median %.1f MiB, last quarter median %.1f MiB, growth x%.2f%n", heapCommands, seconds,
                trend.samples(), trend.warmMedian() / 1048576.0, trend.lastMedian() / 1048576.0, trend.growth());
        System.out.println("Samples: " + log);
        return trend.growth() <= FLAT_HEAP_GROWTH ? 0 : 1;
    }

    /** Growth of the live heap from the second quarter to the last one that still counts as flat. */
    private static final double FLAT_HEAP_GROWTH = 1.10;
}
