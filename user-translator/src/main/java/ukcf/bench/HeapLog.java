package ukcf.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * {@code ukcf run --heap-log FILE}: every {@code period} milliseconds a full collection, then one line with the
 * heap in use and the guest instructions executed so far. What survives a collection is what the run holds on to
 * (translations, classes, guest memory of live processes), so a line that stays level after warm-up is a run that
 * does not leak. The collections slow the run down a little; this is a measurement mode.
 */
public final class HeapLog implements AutoCloseable {
    /** One line: milliseconds since the start, live heap bytes, guest instructions. */
    public record Sample(long millis, long heapBytes, long guestInstructions) { }

    private final Thread sampler;
    private volatile boolean stopped;

    public HeapLog(Path file, long periodMillis, LongSupplier guestInstructions) throws IOException {
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long start = System.nanoTime();
        sampler = new Thread(() -> {
            try (out) {
                while (!stopped) {
                    try {
                        Thread.sleep(periodMillis);
                    } catch (InterruptedException e) {
                        break;
                    }
                    memory.gc();
                    out.printf("%d %d %d%n", (System.nanoTime() - start) / 1_000_000,
                            memory.getHeapMemoryUsage().getUsed(), guestInstructions.getAsLong());
                    out.flush();
                }
            }
        }, "heap-log");
        sampler.setDaemon(true);
        sampler.start();
    }

    @Override
    public void close() {
        stopped = true;
        sampler.interrupt();
        try {
            sampler.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static List<Sample> read(Path file) throws IOException {
        List<Sample> samples = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.trim().split(" ");
            if (f.length == 3) samples.add(new Sample(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])));
        }
        return samples;
    }

    /**
     * The live heap's median over the second quarter of the samples (after warm-up) and over the last quarter, and
     * their ratio: about 1 for a flat heap.
     */
    public record Trend(long warmMedian, long lastMedian, int samples) {
        public double growth() { return (double) lastMedian / warmMedian; }
    }

    public static Trend trend(List<Sample> samples) {
        int n = samples.size();
        if (n < 8) throw new IllegalArgumentException("only " + n + " heap samples: the run was too short to judge");
        return new Trend(median(samples.subList(n / 4, n / 2)), median(samples.subList(n - n / 4, n)), n);
    }

    private static long median(List<Sample> samples) {
        long[] heap = samples.stream().mapToLong(Sample::heapBytes).sorted().toArray();
        return heap[heap.length / 2];
    }
}
