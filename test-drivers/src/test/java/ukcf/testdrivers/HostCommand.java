package ukcf.testdrivers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A command run on this host for a test: exit status, stdout and stderr; status 127 when it is not installed. */
public record HostCommand(int status, String output, String errors) {
    public static final Path ROOT = Path.of(System.getProperty("ukcf.root", "..")).toAbsolutePath().normalize();
    public static final int NOT_INSTALLED = 127;

    public List<String> lines() {
        return output.lines().toList();
    }

    public static HostCommand run(Path directory, int timeoutSeconds, List<String> command)
            throws IOException, InterruptedException {
        Files.createDirectories(directory);
        Path errors = Files.createTempFile(directory, "stderr", ".txt");
        try {
            Process process;
            try {
                process = new ProcessBuilder(command).directory(directory.toFile()).redirectError(errors.toFile()).start();
            } catch (IOException notInstalled) {
                return new HostCommand(NOT_INSTALLED, "", notInstalled.getMessage());
            }
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command.get(0) + " did not finish in " + timeoutSeconds + " s");
            }
            return new HostCommand(process.exitValue(), new String(output, StandardCharsets.UTF_8), Files.readString(errors));
        } finally {
            Files.delete(errors);
        }
    }

    /**
     * Builds test-drivers/programs/NAME.c as a static i386 executable into directory with the flags
     * test-drivers/build-programs.sh uses for all of them; null when the cross compiler is missing.
     */
    public static Path buildProgram(String name, Path directory) throws IOException, InterruptedException {
        Path executable = directory.resolve(name);
        Path source = ROOT.resolve("test-drivers/programs/" + name + ".c");
        HostCommand build = run(directory, 120,
                List.of("i686-linux-gnu-gcc", "-O2", "-static", "-pthread", "-Wall", "-Werror", "-o", executable.toString(),
                        source.toString(), "-lm"));
        if (build.status == NOT_INSTALLED) {
            return null;
        }
        if (build.status != 0) {
            throw new AssertionError("building " + name + ": " + build.errors);
        }
        return executable;
    }

    /** A script's output cut at its "@@ NAME" lines: each section's lines by name, in order. */
    public static java.util.Map<String, List<String>> sections(List<String> lines) {
        java.util.Map<String, List<String>> sections = new java.util.LinkedHashMap<>();
        List<String> current = new java.util.ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("@@ ")) sections.put(line.substring(3), current = new java.util.ArrayList<>());
            else current.add(line);
        }
        return sections;
    }
}
