package ukcf.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs every workload under every runner, interleaved (round after round, each round visiting each workload with
 * each runner in turn, so that a slow phase of the machine hits all of them alike), and keeps each run's
 * whole-process wall time, exit status, a digest of its standard output and ukcf's counters.
 */
public final class Benchmark {
    /** One process run. */
    public record Sample(double seconds, int exitStatus, String outputDigest, RunStats stats) { }

    private static final long TIMEOUT_MINUTES = 10;

    private final List<Runner> runners;
    private final Path workDirectory;
    private final PrintStream progress;

    public Benchmark(List<Runner> runners, Path workDirectory, PrintStream progress) {
        this.runners = runners;
        this.workDirectory = workDirectory;
        this.progress = progress;
    }

    /** Samples by workload name, then runner name, in run order. */
    public Map<String, Map<String, List<Sample>>> run(List<Workload> workloads, Map<String, Path> programs,
                                                      Path data, int rounds)
            throws IOException, InterruptedException {
        Map<String, Map<String, List<Sample>>> samples = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (Workload workload : workloads) {
                List<String> arguments = workload.argumentsWith(data);
                for (Runner runner : runners) {
                    Sample sample = runOnce(runner, programs.get(workload.name()), arguments);
                    samples.computeIfAbsent(workload.name(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(runner.name(), k -> new ArrayList<>()).add(sample);
                    progress.printf("round %d/%d  %-10s %-11s %8.3f s%s%n", round, rounds, workload.name(),
                            runner.name(), sample.seconds(),
                            sample.exitStatus() == 0 ? "" : "  (exit status " + sample.exitStatus() + ")");
                }
            }
        }
        return samples;
    }

    private Sample runOnce(Runner runner, Path program, List<String> arguments)
            throws IOException, InterruptedException {
        Path stdout = workDirectory.resolve("stdout"), stderr = workDirectory.resolve("stderr"),
                stats = workDirectory.resolve("stats.json");
        Files.deleteIfExists(stats);
        ProcessBuilder builder = new ProcessBuilder(runner.command(program, arguments, stats))
                .directory(workDirectory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException(runner.name() + " " + program.getFileName() + " ran over " + TIMEOUT_MINUTES + " minutes");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        RunStats counters = Files.isRegularFile(stats) ? RunStats.read(stats) : null;
        return new Sample(seconds, process.exitValue(), digest(stdout), counters);
    }

    private static String digest(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) sha.update(buffer, 0, n);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
