package ukcf.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the benchmark runs on: our C benchmarks compiled for i386, and the generated input file. */
public final class BenchInputs {
    public static final String COMPILER = "i686-linux-gnu-gcc";
    public static final long DATA_BYTES = 20_000_000;
    private static final String[] WORDS = {"driver", "kernel", "module", "translate", "guest", "host", "jump",
            "monitor", "shell", "entry", "return", "buffer", "page", "fault", "register", "block", "cache", "the",
            "a", "of", "and", "to", "in", "is", "for"};

    private BenchInputs() { }

    /** Compiles {@code sourceDir/NAME.c} to {@code binDir/NAME} (static, -O2) unless the binary is newer. */
    public static Path compile(Path sourceDir, Path binDir, String name) throws IOException, InterruptedException {
        Path source = sourceDir.resolve(name + ".c"), binary = binDir.resolve(name);
        if (!Files.isRegularFile(source)) throw new IOException("no benchmark source " + source);
        if (Files.isRegularFile(binary)
                && Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(source)) > 0) return binary;
        Files.createDirectories(binDir);
        List<String> command = new ArrayList<>(List.of(COMPILER, "-O2", "-static", "-Wall", "-o", binary.toString(),
                source.toString(), "-lm"));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(COMPILER + " is not installed (scripts/install-test-deps.sh installs it)");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("compiling " + source + " failed:\n" + output);
        }
        return binary;
    }

    /**
     * A fixed 20 MB text of pseudo-random words and numbers (a linear congruential generator with a fixed seed),
     * compressible like ordinary text so that gzip does real work. Written once; reused while its size is right.
     */
    public static Path data(Path directory) throws IOException {
        Path file = directory.resolve("data-20M.txt");
        if (Files.isRegularFile(file) && Files.size(file) == DATA_BYTES) return file;
        Files.createDirectories(directory);
        long state = 20261122L;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            long written = 0;
            int column = 0;
            while (written < DATA_BYTES) {
                state = state * 6364136223846793005L + 1442695040888963407L;
                int pick = (int) ((state >>> 33) % (WORDS.length + 6));
                String word = pick < WORDS.length ? WORDS[pick] : Long.toString((state >>> 40) % 100000);
                byte[] bytes = (word + (column > 60 ? "\n" : " ")).getBytes(StandardCharsets.US_ASCII);
                column = column > 60 ? 0 : column + bytes.length;
                int n = (int) Math.min(bytes.length, DATA_BYTES - written);
                out.write(bytes, 0, n);
                written += n;
            }
        }
        return file;
    }
}
